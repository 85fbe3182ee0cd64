package io.mockloop.db.internal.log;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.sqlite.Function;
import org.sqlite.SQLiteConnection;

/**
 * The SQL functions the log filters need on SQLite, which has no REGEXP and whose {@code lower()} folds ASCII letters
 * only: {@code REGEXP(pattern, text)} — {@code text REGEXP pattern} is true when {@link Pattern#find()} finds a
 * match (as PostgreSQL's {@code ~}) — and {@value #LOWER}{@code (text)}, Java's {@code toLowerCase(Locale.ROOT)}.
 * Registered on the connection a query runs on, right before it runs (registering again replaces them; it costs
 * microseconds). Thread-safe.
 */
final class SqliteFunctions {

    /** The name of the Unicode lower-case function. */
    static final String LOWER = "MOCKLOOP_LOWER";

    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

    private SqliteFunctions() {
    }

    static void register(Connection connection) {
        try {
            SQLiteConnection sqlite = connection.unwrap(SQLiteConnection.class);
            Function.create(sqlite, "REGEXP", new Regexp(), 2, Function.FLAG_DETERMINISTIC);
            Function.create(sqlite, LOWER, new Lower(), 1, Function.FLAG_DETERMINISTIC);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot register the log filter functions on SQLite: " + e.getMessage(),
                    e);
        }
    }

    private static final class Regexp extends Function {
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

    private static final class Lower extends Function {
        @Override
        protected void xFunc() throws SQLException {
            String text = value_text(0);
            if (text == null) {
                result();
            } else {
                result(text.toLowerCase(java.util.Locale.ROOT));
            }
        }
    }
}
