package io.mockloop.db.internal.log;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;

/**
 * The SQL function REGEXP(pattern, text) for SQLite, which has none built in: {@code text REGEXP pattern} is true
 * when {@link Pattern#find()} finds a match (as PostgreSQL's {@code ~}). Registered on the connection a query runs
 * on, right before it runs (registering again replaces it; it costs microseconds). Thread-safe.
 */
final class SqliteRegexp extends Function {

    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private SqliteRegexp() {
    }

    static void register(Connection connection) {
        try {
            Function.create(connection.unwrap(SQLiteConnection.class), "REGEXP", new SqliteRegexp(), 2,
                    Function.FLAG_DETERMINISTIC);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot register REGEXP on SQLite: " + e.getMessage(), e);
        }
    }

    @Override
    protected void xFunc() throws SQLException {
        String pattern = value_text(0);
        String text = value_text(1);
        if (pattern == null || text == null) {
            result();
            return;
        }
        if (CACHE.size() > 256) {
            CACHE.clear();
        }
        Pattern p = CACHE.computeIfAbsent(pattern, Pattern::compile);
        result(p.matcher(text).find() ? 1 : 0);
    }
}
