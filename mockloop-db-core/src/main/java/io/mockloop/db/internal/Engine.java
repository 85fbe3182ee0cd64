package io.mockloop.db.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.mockloop.db.ConfigurationException;
import io.mockloop.db.DatabaseSettings;
import io.mockloop.db.DatabaseType;
import io.mockloop.db.JdbcUrls;
import io.mockloop.db.PrivateFiles;
import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.internal.metrics.Metrics;
import io.mockloop.db.internal.metrics.MicrometerMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jooq.ConnectionProvider;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.TransactionContext;
import org.jooq.TransactionProvider;
import org.jooq.conf.FetchTriggerValuesAfterReturning;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultTransactionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The open database: the connection pool (or the caller's DataSource), the detected product and jOOQ dialect, and
 * the DSLContext every store uses. Opened once by the facade and closed by it.
 *
 * <p>Thread-safe after construction.
 */
public final class Engine implements AutoCloseable {

    // No static System.setProperty here (jOOQ's no-logo / no-tips): a library sets no JVM-wide state. jOOQ logs
    // its banner once at INFO on logger org.jooq.Constants, through the host's own logging (README: "Logging").

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final Logger SQL_LOG = LoggerFactory.getLogger("io.mockloop.db.sql");
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final DatabaseSettings settings;
    private final String maskedUrl;
    private final DataSource dataSource;
    private final HikariDataSource pool;
    private final Connection anchor;
    private final DatabaseType type;
    private final SQLDialect dialect;
    private final DSLContext dsl;
    private final String lockKey;
    private final String poolName;
    private final java.util.Deque<AutoCloseable> closeHooks = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final Object meterRegistry;
    private final Metrics metrics;
    /** SQLite: this engine's own transactions holding a pooled connection (see {@link #sqliteTransactionsUnderWay}). */
    private final java.util.concurrent.atomic.AtomicInteger sqliteTransactions =
            new java.util.concurrent.atomic.AtomicInteger();
    /** The thread that checkpoints a SQLite file in WAL mode, or {@code null} (see {@link SqliteCheckpointer}). */
    private final SqliteCheckpointer checkpointer;

    private Engine(DatabaseSettings settings, DataSource external, Object meterRegistry) {
        this.settings = settings;
        this.maskedUrl = settings.url().map(JdbcUrls::mask).orElse("<caller's DataSource>");
        this.poolName = "mockloop-db-" + POOL_NUMBER.incrementAndGet();
        this.meterRegistry = meterRegistry;
        // MicrometerMetrics is the only class that links against Micrometer: loaded only when a registry was given
        this.metrics = meterRegistry == null ? Metrics.NONE
                : MicrometerMetrics.create(meterRegistry, poolName);
        Connection anchorConnection = null;
        HikariDataSource hikari = null;
        SqliteCheckpointer checkpoints = null;
        try {
            if (external != null) {
                this.dataSource = external;
                this.lockKey = "datasource@" + System.identityHashCode(external);
            } else {
                String url = settings.url().orElseThrow();
                this.lockKey = url;
                if (JdbcUrls.isSqliteMemory(url)) {
                    // an in-memory database lives as long as one connection to it is open: keep one for our lifetime
                    anchorConnection = DriverManager.getConnection(url, sqliteProperties(settings, true));
                } else {
                    probe(url);
                }
                Properties props = connectionProperties(settings, url, false, settings.connectTimeout());
                boolean ownCheckpoints = checkpointsItself(url, props);
                // SQLite: connections with a finer-grained wait for the write lock than SQLite's own (SqliteBusyWait)
                SqlitePoolSource sqlite = JdbcUrls.isSqlite(url) ? new SqlitePoolSource(url, props,
                        busyTimeoutMillis(props), ownCheckpoints ? SqliteCheckpointer.FALLBACK_PAGES : 0) : null;
                hikari = new HikariDataSource(hikariConfig(url, props, sqlite));
                this.dataSource = hikari;
                if (ownCheckpoints) {
                    checkpoints = new SqliteCheckpointer(sqlite::getConnection, poolName, maskedUrl);
                    closeHooks.push(checkpoints); // closed after every other hook, before the pool
                }
            }
            this.pool = hikari;
            this.checkpointer = checkpoints;
            this.anchor = anchorConnection;
            Detected detected = detect();
            this.type = detected.type();
            this.dialect = detected.dialect();
            this.dsl = DSL.using(jooqConfiguration());
            LOG.info("{} opened {} ({} dialect, pool {})", poolName, maskedUrl, dialect, settings.poolSize());
        } catch (RuntimeException | SQLException e) {
            if (checkpoints != null) {
                checkpoints.close();
            }
            closeQuietly(hikari, anchorConnection);
            metrics.close();
            if (e instanceof ConfigurationException ce) {
                throw ce;
            }
            throw new StoreUnavailableException("cannot connect to " + maskedUrl + " within "
                    + settings.poolTimeout().toMillis() + " ms: " + Errors.storageProblem(e)
                    + JdbcUrls.mask(Errors.rootMessage(e)), e);
        }
    }

    /**
     * Opens the pool (or wraps {@code external}) and detects the database.
     *
     * @param settings validated settings
     * @param external the caller's DataSource, never closed by us; {@code null} to open a pool from the URL
     * @param meterRegistry a Micrometer {@code MeterRegistry} to publish the pool's and the library's meters to, or
     *                      {@code null} for none
     * @return the open engine
     * @throws StoreUnavailableException when the database cannot be reached within the pool timeout
     */
    public static Engine open(DatabaseSettings settings, DataSource external, Object meterRegistry) {
        if (external == null) {
            String url = settings.url().orElseThrow();
            if (JdbcUrls.isSqlite(url) && !JdbcUrls.isSqliteMemory(url)) {
                prepareSqliteFile(url);
            }
        }
        return new Engine(settings, external, meterRegistry);
    }

    private static void prepareSqliteFile(String url) {
        String path = url.substring("jdbc:sqlite:".length());
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        Path file = Path.of(path);
        if (Files.isDirectory(file)) {
            throw new ConfigurationException("sqliteFile", "sqliteFile must be a file, not a directory (was '"
                    + file + "')");
        }
        // created here, owner-only, before SQLite opens it: SQLite would create it with the umask's mode (0644), and
        // its -wal and -shm files take the main file's mode
        try {
            PrivateFiles.createFileIfAbsent(file);
        } catch (java.io.IOException e) {
            throw new ConfigurationException("sqliteFile", "cannot create sqliteFile '" + file + "' (or its"
                    + " directory): " + e.getMessage(), e);
        }
    }

    /**
     * @param url   the URL to open
     * @param props the driver properties of its connections ({@link #connectionProperties})
     * @param sqlite where a SQLite pool gets its connections; {@code null} for a server
     */
    private HikariConfig hikariConfig(String url, Properties props, SqlitePoolSource sqlite) {
        HikariConfig c = new HikariConfig();
        c.setPoolName(poolName);
        settings.username().ifPresent(c::setUsername);
        settings.password().ifPresent(c::setPassword);
        c.setMaximumPoolSize(settings.poolSize());
        long timeout = Math.max(250, settings.poolTimeout().toMillis());
        c.setConnectionTimeout(timeout);
        // probe() has already refused definitive failures (a wrong password): this only waits out a server that
        // stopped answering between the probe and the pool's first connection
        c.setInitializationFailTimeout(timeout);
        // an idle connection is checked before it is handed out: on a hung server that check must end well within
        // the pool timeout, and take no longer than opening a new connection would
        c.setValidationTimeout(Math.max(250, Math.min(Math.min(5_000, settings.connectTimeout().toMillis()),
                timeout)));
        c.setAutoCommit(true);
        c.setExceptionOverride(new ReadOnlyEviction(this));
        if (meterRegistry != null) {
            c.setMetricsTrackerFactory(MicrometerMetrics.hikariTrackerFactory(meterRegistry));
        }
        if (JdbcUrls.isSqliteMemory(url)) {
            c.setMinimumIdle(settings.poolSize());
            c.setMaxLifetime(0);
            c.setIdleTimeout(0);
        }
        if (sqlite != null) {
            c.setDataSource(sqlite);
        } else {
            c.setJdbcUrl(url);
            c.setDataSourceProperties(props);
        }
        return c;
    }

    /**
     * The driver properties of a connection we open: SQLite's pragmas, or a server's timeouts, then the caller's own
     * properties, which win (a PostgreSQL {@code options} of the caller's is appended to ours, so its
     * {@code -c statement_timeout} wins too).
     *
     * @param migration for a migration connection: without the statement timeout, and with a socket timeout of at
     *                  least {@link #MIGRATION_SOCKET_TIMEOUT}, so that building an index or copying a large table
     *                  is not cut off
     */
    private static Properties connectionProperties(DatabaseSettings settings, String url, boolean migration,
            java.time.Duration connect) {
        Properties props = new Properties();
        if (JdbcUrls.isSqlite(url)) {
            props.putAll(sqliteProperties(settings, JdbcUrls.isSqliteMemory(url)));
        } else {
            props.putAll(serverTimeouts(settings, url, migration, connect));
        }
        settings.connectionProperties().forEach((name, value) -> {
            if (name.equals("options") && props.containsKey("options") && url.startsWith("jdbc:postgresql:")) {
                props.setProperty(name, props.getProperty(name) + " " + value);
            } else {
                props.setProperty(name, value);
            }
        });
        return props;
    }

    /** The smallest socket timeout of a migration connection (see {@link #connectionProperties}). */
    static final java.time.Duration MIGRATION_SOCKET_TIMEOUT = java.time.Duration.ofMinutes(15);

    /**
     * The timeouts that bound every call to a server (README "Timeouts"): pgjdbc counts in whole seconds (rounded
     * up here), the MySQL/MariaDB drivers in milliseconds. The statement timeout of MySQL/MariaDB is not a
     * connection property (the variable differs between the products, which are told apart only once connected):
     * it is jOOQ's query timeout, see {@link #jooqConfiguration()}.
     */
    private static Map<String, String> serverTimeouts(DatabaseSettings settings, String url, boolean migration,
            java.time.Duration connect) {
        java.time.Duration socket = settings.socketTimeout();
        if (migration && socket.compareTo(MIGRATION_SOCKET_TIMEOUT) < 0) {
            socket = MIGRATION_SOCKET_TIMEOUT;
        }
        Map<String, String> props = new java.util.LinkedHashMap<>();
        if (url.startsWith("jdbc:postgresql:")) {
            String connectSeconds = String.valueOf(seconds(connect));
            props.put("connectTimeout", connectSeconds);
            props.put("loginTimeout", connectSeconds); // connect, TLS and authentication together
            props.put("socketTimeout", String.valueOf(seconds(socket)));
            props.put("ApplicationName", "mockloop-db");
            if (!migration) {
                props.put("options", "-c statement_timeout=" + settings.statementTimeout().toMillis());
            }
        } else if (url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")) {
            props.put("connectTimeout", String.valueOf(connect.toMillis()));
            props.put("socketTimeout", String.valueOf(socket.toMillis()));
        }
        return props;
    }

    private static long seconds(java.time.Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    /**
     * Opens (and closes) one connection before the pool is made, so that a failure no waiting can cure (a wrong
     * password, an unknown database, a file that is not a SQLite database) is thrown at once as a
     * {@link ConfigurationException} naming the cause, instead of being retried by the pool until its timeout (with
     * a driver warning per attempt). Other failures (connection refused while the server starts, a server that is
     * full) are tried again until the pool timeout, as the pool would.
     *
     * @throws SQLException the last failure, once the pool timeout has passed
     */
    private void probe(String url) throws SQLException {
        Properties props = connectionProperties(settings, url, false, settings.connectTimeout());
        settings.username().ifPresent(u -> props.setProperty("user", u));
        settings.password().ifPresent(p -> props.setProperty("password", p));
        long deadline = System.nanoTime() + settings.poolTimeout().toNanos();
        long pause = 100;
        while (true) {
            try (Connection c = DriverManager.getConnection(url, props)) {
                return;
            } catch (SQLException e) {
                java.util.Optional<Errors.ConnectRefusal> refusal = Errors.connectRefusal(e);
                if (refusal.isPresent()) {
                    throw new ConfigurationException(refusal.get().setting(), "cannot connect to " + maskedUrl + ": "
                            + refusal.get().cause() + " (" + JdbcUrls.mask(Errors.rootMessage(e)) + ")", e);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.max(1, Math.min(pause, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left))));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(1_000, pause * 2);
            }
        }
    }

    /**
     * @param url the pool's URL
     * @param props its driver properties, the caller's own included
     * @return whether the library checkpoints the database itself: a SQLite file in WAL mode whose connections'
     *         {@code wal_autocheckpoint} the caller did not set
     */
    private static boolean checkpointsItself(String url, Properties props) {
        // the pragmas by name: sqlite-jdbc's Pragma enum has no WAL_AUTOCHECKPOINT before 3.50 (Spring Boot 3.5 pins
        // 3.49.1.0)
        return JdbcUrls.isSqlite(url) && !JdbcUrls.isSqliteMemory(url)
                && "WAL".equalsIgnoreCase(props.getProperty("journal_mode", ""))
                && !props.containsKey(SqlitePoolSource.WAL_AUTOCHECKPOINT);
    }

    /**
     * @param props a SQLite connection's driver properties, the caller's own included
     * @return the busy timeout they give, in milliseconds
     */
    private long busyTimeoutMillis(Properties props) {
        String given = props.getProperty("busy_timeout");
        try {
            return given == null ? settings.sqlite().busyTimeout().toMillis()
                    : Math.max(0, Long.parseLong(given.trim()));
        } catch (NumberFormatException e) {
            throw new ConfigurationException("connectionProperties", "connection property busy_timeout must be a"
                    + " whole number of milliseconds (was '" + given + "')", e);
        }
    }

    private static Properties sqliteProperties(DatabaseSettings settings, boolean memory) {
        SQLiteConfig sc = new SQLiteConfig();
        DatabaseSettings.SqliteSettings s = settings.sqlite();
        if (!memory) {
            sc.setJournalMode(SQLiteConfig.JournalMode.valueOf(s.journalMode()));
        }
        sc.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(s.synchronous()));
        sc.setCacheSize(s.cacheSize());
        sc.setTempStore(SQLiteConfig.TempStore.valueOf(s.tempStore()));
        sc.enforceForeignKeys(true);
        sc.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, s.busyTimeout().toMillis()));
        // writers take the lock when the transaction starts: no deadlock-prone read-to-write upgrade
        sc.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return sc.toProperties();
    }

    private record Detected(DatabaseType type, SQLDialect dialect) {
    }

    private Detected detect() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            DatabaseType type = productOf(meta, maskedUrl);
            return switch (type) {
                case SQLITE -> new Detected(type, SQLDialect.SQLITE);
                case POSTGRESQL -> new Detected(type, SQLDialect.POSTGRES);
                // jOOQ's MARIADB dialect renders INSERT ... RETURNING, which only MariaDB Connector/J accepts; the
                // MYSQL dialect is used with mysql-connector-j even against a MariaDB server
                case MYSQL, MARIADB -> new Detected(type, type == DatabaseType.MARIADB
                        && String.valueOf(meta.getDriverName()).toLowerCase(Locale.ROOT).contains("mariadb")
                        ? SQLDialect.MARIADB : SQLDialect.MYSQL);
            };
        }
    }

    /**
     * The product behind a connection, as the server reports it (MariaDB reached through {@code jdbc:mysql:} is
     * MARIADB).
     *
     * @param meta the connection's metadata
     * @param maskedUrl the URL for the message, passwords masked
     * @return the product
     * @throws ConfigurationException when it is none of SQLite, PostgreSQL, MySQL and MariaDB
     * @throws SQLException when the metadata cannot be read
     */
    public static DatabaseType productOf(DatabaseMetaData meta, String maskedUrl) throws SQLException {
        String product = String.valueOf(meta.getDatabaseProductName()).toLowerCase(Locale.ROOT);
        String version = String.valueOf(meta.getDatabaseProductVersion()).toLowerCase(Locale.ROOT);
        if (product.contains("sqlite")) {
            return DatabaseType.SQLITE;
        }
        if (product.contains("postgres")) {
            return DatabaseType.POSTGRESQL;
        }
        if (product.contains("mariadb") || version.contains("mariadb")) {
            return DatabaseType.MARIADB;
        }
        if (product.contains("mysql")) {
            return DatabaseType.MYSQL;
        }
        throw new ConfigurationException("url", "url must point at SQLite, PostgreSQL, MySQL or MariaDB (found "
                + meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion() + " at " + maskedUrl + ")");
    }

    private org.jooq.Configuration jooqConfiguration() {
        Settings jooq = new Settings()
                .withFetchTriggerValuesAfterReturning(FetchTriggerValuesAfterReturning.NEVER)
                .withExecuteLogging(false)
                .withRenderSchema(false);
        if (pool != null && type.isMySqlFamily()) {
            // the statement timeout as JDBC's query timeout (whole seconds): MariaDB Connector/J sends it to a
            // MariaDB server as SET STATEMENT max_statement_time, mysql-connector-j kills the query from a timer. On
            // PostgreSQL it is the session's statement_timeout (serverTimeouts); sqlite-jdbc would turn a query
            // timeout into its busy timeout, so SQLite keeps sqlite.busy_timeout
            jooq.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, seconds(settings.statementTimeout())));
        }
        DefaultConfiguration configuration = new DefaultConfiguration();
        configuration.set(dataSource);
        configuration.set(new PoolTransactions(dataSource, type == DatabaseType.SQLITE ? sqliteTransactions : null,
                checkpointer == null ? null : checkpointer::written));
        configuration.set(dialect);
        configuration.set(jooq);
        if (settings.echo()) {
            configuration.set(new EchoListener());
        }
        return configuration;
    }

    /**
     * @param e a failure of a transaction on this engine
     * @return whether it failed because no connection could be borrowed from the pool (the pool timeout passed)
     */
    public static boolean isBorrowFailure(Throwable e) {
        for (Throwable t : Errors.causes(e)) {
            if (t instanceof DataAccessException && String.valueOf(t.getMessage())
                    .startsWith(PoolTransactions.BORROW_FAILED)) {
                return true;
            }
        }
        return false;
    }

    /**
     * jOOQ's transactions on the pool, except that a transaction whose connection could not be borrowed is not
     * "rolled back": jOOQ's rollback would borrow again (twice), so a caller would wait three pool timeouts, not one,
     * while the database is down. Transactions are confined to a thread, hence the thread-local flag.
     */
    private static final class PoolTransactions implements TransactionProvider {
        private static final String BORROW_FAILED = "Error getting connection from data source ";
        private final ThreadLocal<Boolean> borrowFailed = new ThreadLocal<>();
        /** The connection of this thread's transaction (SQLite only; transactions are confined to a thread). */
        private final ThreadLocal<Connection> current = new ThreadLocal<>();
        private final DefaultTransactionProvider delegate;
        private final boolean sqlite;

        /**
         * @param ended    run after each transaction has returned its connection (the checkpointer's nudge), or
         *                 {@code null}
         * @param underWay SQLite: counts the transactions from borrowing their connection (before BEGIN IMMEDIATE,
         *                 which may wait for the write lock) until it is returned; {@code null} on the servers
         */
        PoolTransactions(DataSource dataSource, java.util.concurrent.atomic.AtomicInteger underWay, Runnable ended) {
            this.sqlite = underWay != null;
            this.delegate = new DefaultTransactionProvider(new ConnectionProvider() {
                @Override
                public Connection acquire() {
                    try {
                        Connection c = dataSource.getConnection();
                        if (sqlite) {
                            current.set(c);
                            underWay.incrementAndGet();
                        }
                        return c;
                    } catch (SQLException e) {
                        borrowFailed.set(Boolean.TRUE);
                        throw new DataAccessException(BORROW_FAILED + dataSource, e);
                    }
                }

                @Override
                public void release(Connection connection) {
                    current.remove();
                    try {
                        restoreImmediate(connection);
                        connection.close();
                    } catch (SQLException e) {
                        throw new DataAccessException("Error closing connection " + connection, e);
                    } finally {
                        if (sqlite) {
                            underWay.decrementAndGet();
                        }
                        if (ended != null) {
                            ended.run();
                        }
                    }
                }
            });
        }

        @Override
        public void begin(TransactionContext ctx) {
            borrowFailed.remove();
            delegate.begin(ctx);
        }

        @Override
        public void commit(TransactionContext ctx) {
            deferNextBegin();
            delegate.commit(ctx);
        }

        @Override
        public void rollback(TransactionContext ctx) {
            if (Boolean.TRUE.equals(borrowFailed.get())) {
                borrowFailed.remove();
                return; // begin never held a connection: nothing to roll back
            }
            deferNextBegin();
            delegate.rollback(ctx);
        }

        /**
         * sqlite-jdbc's commit() and rollback() end the transaction and at once begin the next one, in the
         * connection's mode: BEGIN IMMEDIATE here, which takes the write lock again (until jOOQ restores auto-commit
         * a moment later) and, behind another writer, waits out the busy timeout and throws although the COMMIT went
         * through — a committed transaction reported as failed, which the async writer then stored again
         * (ContentionTest). That next transaction is empty: begun DEFERRED it takes no lock and cannot fail.
         * The configured mode is set back to IMMEDIATE before the connection returns to the pool.
         */
        private void deferNextBegin() {
            Connection c = sqlite ? current.get() : null;
            if (c != null) {
                transactionMode(c, SQLiteConfig.TransactionMode.DEFERRED);
            }
        }

        /** Before the connection goes back to the pool: its own transactions begin IMMEDIATE again. */
        private void restoreImmediate(Connection c) {
            if (sqlite) {
                transactionMode(c, SQLiteConfig.TransactionMode.IMMEDIATE);
            }
        }

        private static void transactionMode(Connection c, SQLiteConfig.TransactionMode mode) {
            try {
                org.sqlite.SQLiteConnection sqliteConnection = c.unwrap(org.sqlite.SQLiteConnection.class);
                // the configured mode is what sqlite-jdbc begins the next transaction with
                sqliteConnection.getConnectionConfig().setTransactionMode(mode);
                sqliteConnection.setCurrentTransactionMode(mode);
            } catch (SQLException e) {
                LOG.debug("cannot set the SQLite transaction mode to {}: {}", mode, e.getMessage());
            }
        }
    }

    /**
     * HikariCP evicts a connection on its own when the connection is broken (SQLSTATE class 08, 57P01 ...), but not
     * when the server behind it refuses writes because it has turned read-only: a primary demoted to a standby after
     * a failover, reached through an address (a virtual IP, a DNS name, a pooler) that still leads to it. Every
     * connection of the pool then points at that server, so on the first read-only refusal this evicts them all (in
     * use ones when they are returned): the next connections are opened afresh and, with a multi-host URL and
     * {@code targetServerType=primary}, reach the new primary. The refusal itself is retried as transient
     * ({@link StoreContext}, the async writer).
     */
    private static final class ReadOnlyEviction implements com.zaxxer.hikari.SQLExceptionOverride {
        private final Engine engine;

        ReadOnlyEviction(Engine engine) {
            this.engine = engine;
        }

        @java.lang.Override
        public com.zaxxer.hikari.SQLExceptionOverride.Override adjudicate(SQLException e) {
            if (!Errors.isReadOnly(e)) {
                return com.zaxxer.hikari.SQLExceptionOverride.Override.CONTINUE_EVICT;
            }
            HikariDataSource pool = engine.pool;
            if (pool != null && pool.getHikariPoolMXBean() != null) {
                LOG.warn("{}: the server refused a write as read-only ({}); evicting every pooled connection so that"
                        + " new ones find the primary", engine.poolName, e.getMessage());
                pool.getHikariPoolMXBean().softEvictConnections();
            }
            return com.zaxxer.hikari.SQLExceptionOverride.Override.MUST_EVICT;
        }
    }

    /** Logs every statement with its bind values inlined, at INFO on logger {@code io.mockloop.db.sql}. */
    private static final class EchoListener implements ExecuteListener {
        private static final long serialVersionUID = 1L;

        @Override
        public void executeStart(ExecuteContext ctx) {
            if (SQL_LOG.isInfoEnabled()) {
                String sql = ctx.query() != null ? ctx.query().toString() : ctx.sql();
                SQL_LOG.info("{}", sql == null ? "" : sql.replace('\n', ' '));
            }
        }
    }

    /** @return a dedicated, non-pooled connection for migrations (the caller closes it) */
    public ConnectionOpener migrationConnections() {
        return pool == null ? dataSource::getConnection : directConnections(settings, settings.connectTimeout());
    }

    /**
     * Dedicated connections for migrations to the database {@code settings} names by URL, with the same properties
     * and bounds as the pool's except the statement timeout (a migration may run long) and a socket timeout of at
     * least {@link #MIGRATION_SOCKET_TIMEOUT}. Stateless: it sets nothing JVM-wide.
     *
     * @param settings the settings; their URL is required
     * @param connect how long connecting (and logging in) may take
     * @return an opener of connections the caller closes
     */
    public static ConnectionOpener directConnections(DatabaseSettings settings, java.time.Duration connect) {
        String url = settings.url().orElseThrow();
        return () -> {
            if (JdbcUrls.isSqlite(url)) {
                return DriverManager.getConnection(url);
            }
            Properties props = connectionProperties(settings, url, true, connect);
            settings.username().ifPresent(u -> props.setProperty("user", u));
            settings.password().ifPresent(p -> props.setProperty("password", p));
            return DriverManager.getConnection(url, props);
        };
    }

    /** @return the jOOQ context on the pool; each statement borrows and returns a connection */
    public DSLContext dsl() {
        return dsl;
    }

    /**
     * SQLite: how many transactions of this engine are under way, each holding or waiting for the database's one write
     * lock (they begin IMMEDIATE), from borrowing their connection until returning it. Always 0 on the servers.
     * Thread-safe; a snapshot.
     *
     * @return the number of this engine's SQLite transactions under way
     */
    public int sqliteTransactionsUnderWay() {
        return sqliteTransactions.get();
    }

    /** @return the thread that checkpoints this SQLite file, or {@code null} where it does not apply (tests) */
    SqliteCheckpointer checkpointer() {
        return checkpointer;
    }

    /** @return the product the server reported */
    public DatabaseType type() {
        return type;
    }

    /** @return the jOOQ dialect in use */
    public SQLDialect dialect() {
        return dialect;
    }

    /** @return the pool or the caller's DataSource */
    public DataSource dataSource() {
        return dataSource;
    }

    /** @return the URL with passwords masked, for messages */
    public String maskedUrl() {
        return maskedUrl;
    }

    /** @return identifies this database within the JVM, for migration locks */
    public String lockKey() {
        return lockKey;
    }

    /** @return how long a caller waits for a connection (the host's own limit for waiting on the database) */
    public java.time.Duration poolTimeout() {
        return settings.poolTimeout();
    }

    /** @return where the library counts what it does ({@link Metrics#NONE} without a meter registry) */
    public Metrics metrics() {
        return metrics;
    }

    /** @return the pool's name, which starts every log line about it */
    public String poolName() {
        return poolName;
    }

    /** @return the pool's MXBean, or {@code null} when the caller supplied the DataSource */
    public HikariPoolMXBean poolBean() {
        return pool == null ? null : pool.getHikariPoolMXBean();
    }

    /**
     * Registers something a store started (an async writer, a scheduler, a cache poller) to be closed before the
     * pool; hooks run in reverse order of registration.
     *
     * @param hook closed once by {@link #close()}
     */
    public void onClose(AutoCloseable hook) {
        closeHooks.push(hook);
    }

    /**
     * Runs the close hooks (last registered first), then closes the pool (never a caller's DataSource) and then the
     * in-memory anchor. Call once.
     */
    @Override
    public void close() {
        AutoCloseable hook;
        while ((hook = closeHooks.poll()) != null) {
            try {
                hook.close();
            } catch (Exception e) {
                LOG.warn("{}: closing {} failed: {}", poolName, hook, e.toString());
            }
        }
        closeQuietly(pool, anchor);
        metrics.close();
        LOG.info("{} closed {}", poolName, maskedUrl);
    }

    private static void closeQuietly(HikariDataSource pool, Connection anchor) {
        if (pool != null) {
            pool.close();
        }
        if (anchor != null) {
            try {
                anchor.close();
            } catch (SQLException e) {
                LOG.debug("closing the in-memory anchor connection failed: {}", e.getMessage());
            }
        }
    }

}
