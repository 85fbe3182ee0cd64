package io.mockloop.db.testing;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.config.SettingKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

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
