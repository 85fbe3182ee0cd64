package io.mockloop.db.testing;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.config.SettingKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Helpers for tests that need to reach under the facade. */
public final class TestSupport {

    /** Tables in the order their rows can be deleted (children before parents). */
    public static final List<String> TABLES_CHILDREN_FIRST = List.of("webhook_deliveries", "webhook_outbox", "webhooks", "mock_responses",
            "scenarios", "mock_servers", "request_log_imports", "request_logs", "user_sessions", "users", "system_config");

    private TestSupport() {
    }

    /**
     * Runs plain SQL on a pooled connection of {@code db}.
     *
     * @param db the database
     * @param sql statements, run in order
     */
    public static void execute(MockLoopDb db, String... sql) {
        try (Connection c = InternalAccess.dataSource(db).getConnection(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Runs a query on a pooled connection of {@code db} and returns the first column of its first row.
     *
     * @param db the database
     * @param sql a query ({@code PRAGMA integrity_check}, {@code SELECT count(*) ...})
     * @return the value as a string, {@code null} when it is SQL NULL or there is no row
     */
    public static String firstValue(MockLoopDb db, String sql) {
        try (Connection c = InternalAccess.dataSource(db).getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Polls {@code condition} every 5 ms until it holds.
     *
     * @param what what is awaited, for the failure message
     * @param max how long to wait
     * @param condition the condition
     * @throws AssertionError when {@code max} passes first, or the thread is interrupted
     */
    public static void await(String what, Duration max, BooleanSupplier condition) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + max.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static void deleteAllRows(MockLoopDb db) {
        var dsl = InternalAccess.dsl(db);
        for (String t : TABLES_CHILDREN_FIRST) {
            dsl.deleteFrom(org.jooq.impl.DSL.table(org.jooq.impl.DSL.name(t))).execute();
        }
        for (SettingKey k : SettingKey.values()) {
            db.config().set(k.key(), k.defaultValue(), k.description());
        }
    }
}
