package io.mockloop.db.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.sqlite.JDBC;

/**
 * Where the library's own SQLite pool gets its connections: sqlite-jdbc's, opened with the library's pragmas, each
 * with a {@link SqliteBusyWait} in place of the handler of {@code busy_timeout} and, where a
 * {@link SqliteCheckpointer} checkpoints the file, a raised {@code wal_autocheckpoint}. Never given a caller's
 * DataSource.
 * Thread-safe.
 */
final class SqlitePoolSource implements DataSource {

    /** The driver property and pragma that sets when SQLite checkpoints by itself. */
    static final String WAL_AUTOCHECKPOINT = "wal_autocheckpoint";

    private final String url;
    private final Properties properties;
    private final long busyTimeoutMillis;
    private final int walAutocheckpoint;
    private volatile int loginTimeoutSeconds;

    /**
     * @param url a {@code jdbc:sqlite:} URL
     * @param properties the driver properties (copied)
     * @param busyTimeoutMillis how long a statement waits for the write lock
     * @param walAutocheckpoint the {@code wal_autocheckpoint} each connection is given (pages), or 0 to leave it as
     *                          the driver properties set it (a pragma run here: sqlite-jdbc applies that property
     *                          only from 3.50 on)
     */
    SqlitePoolSource(String url, Properties properties, long busyTimeoutMillis, int walAutocheckpoint) {
        this.url = url;
        this.properties = new Properties();
        this.properties.putAll(properties);
        this.busyTimeoutMillis = busyTimeoutMillis;
        this.walAutocheckpoint = walAutocheckpoint;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = JDBC.createConnection(url, properties);
        try {
            SqliteBusyWait.install(c, busyTimeoutMillis);
            if (walAutocheckpoint > 0) {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("PRAGMA " + WAL_AUTOCHECKPOINT + "=" + walAutocheckpoint);
                }
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** SQLite has no users: the same as {@link #getConnection()}. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // sqlite-jdbc writes no log through a DataSource
    }

    /**
     * Kept, not used (opening a SQLite file waits on no network): HikariCP sets it from its connection timeout and
     * reads it back as how long closing waits for a connection being opened.
     */
    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
