package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The migrated schema is exactly the seed's (spec/database-schema.md): every table, column, nullability,
 * default, primary key, foreign key action, index name and view, read back through JDBC metadata.
 */
class SchemaConformanceTest {

    /** column -> "NOT NULL"/"NULL" + (" DEFAULT" when the seed gives a default). */
    static final Map<String, Map<String, String>> TABLES = new LinkedHashMap<>();
    static final Map<String, Set<String>> INDEXES = new LinkedHashMap<>();
    static final Map<String, String> PRIMARY_KEYS = new LinkedHashMap<>();
    /** "table.column -> parent.column ACTION" */
    static final Set<String> FOREIGN_KEYS = Set.of(
            "scenarios.server_id -> mock_servers.id CASCADE",
            "mock_responses.server_id -> mock_servers.id CASCADE",
            "mock_responses.scenario_id -> scenarios.id SET NULL",
            "webhooks.server_id -> mock_servers.id CASCADE",
            "webhook_deliveries.webhook_id -> webhooks.id CASCADE",
            "webhook_outbox.webhook_id -> webhooks.id CASCADE",
            "user_sessions.user_id -> users.id CASCADE");
    static final Map<String, List<String>> VIEWS = Map.of(
            "request_logs_summary", List.of("server_id", "date", "method", "request_count", "avg_response_time",
                    "min_response_time", "max_response_time", "error_count", "success_count"),
            "active_scenarios", List.of("server_id", "scenario_name", "description", "created_at", "server_name"),
            "server_statistics", List.of("server_id", "server_name", "status", "total_requests", "error_requests",
                    "avg_response_time", "unique_clients", "last_request_time"));

    static {
        table("request_logs", "id:NOT NULL", "timestamp:NOT NULL DEFAULT", "method:NOT NULL", "path:NOT NULL",
                "query_params:NULL", "headers:NULL", "request_body:NULL", "response_status:NOT NULL",
                "response_headers:NULL", "response_body:NULL", "response_time_ms:NULL", "server_id:NULL",
                "client_ip:NULL", "user_agent:NULL", "request_id:NULL", "scenario_name:NULL",
                "created_at:NOT NULL DEFAULT", "updated_at:NOT NULL DEFAULT",
                // version 6: the mark of a request no mock matched (not in the seed)
                "unmatched:NULL");
        table("mock_servers", "id:NOT NULL", "name:NOT NULL", "spec_path:NOT NULL", "spec_content:NULL",
                "output_directory:NOT NULL", "port:NULL", "status:NOT NULL DEFAULT", "pid:NULL", "config:NULL",
                "created_at:NOT NULL DEFAULT", "updated_at:NOT NULL DEFAULT", "started_at:NULL", "stopped_at:NULL");
        table("scenarios", "id:NOT NULL", "name:NOT NULL", "server_id:NOT NULL", "description:NULL", "config:NOT NULL",
                "is_active:NOT NULL DEFAULT", "created_at:NOT NULL DEFAULT", "updated_at:NOT NULL DEFAULT",
                "created_by:NULL");
        table("mock_responses", "id:NOT NULL", "server_id:NOT NULL", "endpoint_path:NOT NULL", "method:NOT NULL",
                "response_status:NOT NULL DEFAULT", "response_headers:NULL", "response_body:NULL",
                "delay_ms:NULL DEFAULT", "scenario_id:NULL", "is_default:NOT NULL DEFAULT",
                "created_at:NOT NULL DEFAULT", "updated_at:NOT NULL DEFAULT");
        table("webhooks", "id:NOT NULL", "server_id:NOT NULL", "name:NOT NULL", "url:NOT NULL",
                "method:NOT NULL DEFAULT", "headers:NULL", "events:NOT NULL", "secret_key:NULL",
                "is_active:NOT NULL DEFAULT", "created_at:NOT NULL DEFAULT", "updated_at:NOT NULL DEFAULT");
        table("webhook_deliveries", "id:NOT NULL", "webhook_id:NOT NULL", "event_type:NOT NULL", "payload:NOT NULL",
                "response_status:NULL", "response_body:NULL", "delivery_time_ms:NULL",
                "attempt_number:NOT NULL DEFAULT", "success:NOT NULL DEFAULT", "error_message:NULL",
                "delivered_at:NOT NULL DEFAULT", "outbox_id:NULL");
        table("webhook_outbox", "id:NOT NULL", "webhook_id:NOT NULL", "event_type:NOT NULL", "payload:NOT NULL",
                "state:NOT NULL DEFAULT", "attempts:NOT NULL DEFAULT", "next_attempt_at:NOT NULL DEFAULT",
                "claimed_by:NULL", "claim_expires_at:NULL", "last_error:NULL", "created_at:NOT NULL DEFAULT",
                "updated_at:NOT NULL DEFAULT");
        table("schema_version", "version:NOT NULL", "description:NULL", "applied_at:NOT NULL DEFAULT");
        table("system_config", "key:NOT NULL", "value:NULL", "description:NULL", "created_at:NOT NULL DEFAULT",
                "updated_at:NOT NULL DEFAULT");
        table("users", "id:NOT NULL", "username:NOT NULL", "email:NULL", "password_hash:NULL", "api_key:NULL",
                "is_active:NOT NULL DEFAULT", "is_admin:NOT NULL DEFAULT", "created_at:NOT NULL DEFAULT",
                "updated_at:NOT NULL DEFAULT", "last_login:NULL");
        table("user_sessions", "id:NOT NULL", "user_id:NOT NULL", "expires_at:NOT NULL",
                "created_at:NOT NULL DEFAULT", "last_accessed:NOT NULL DEFAULT", "ip_address:NULL", "user_agent:NULL");
        // not in the seed: version 5's import keys (RequestLogStore#importUpstream)
        table("request_log_imports", "id:NOT NULL", "server_id:NOT NULL", "import_key:NOT NULL",
                "request_log_id:NOT NULL", "created_at:NOT NULL DEFAULT");

        PRIMARY_KEYS.put("request_logs", "id");
        PRIMARY_KEYS.put("mock_servers", "id");
        PRIMARY_KEYS.put("scenarios", "id");
        PRIMARY_KEYS.put("mock_responses", "id");
        PRIMARY_KEYS.put("webhooks", "id");
        PRIMARY_KEYS.put("webhook_deliveries", "id");
        PRIMARY_KEYS.put("webhook_outbox", "id");
        PRIMARY_KEYS.put("schema_version", "version");
        PRIMARY_KEYS.put("system_config", "key");
        PRIMARY_KEYS.put("users", "id");
        PRIMARY_KEYS.put("user_sessions", "id");
        PRIMARY_KEYS.put("request_log_imports", "id");

        INDEXES.put("request_logs", Set.of("idx_request_logs_timestamp", "idx_request_logs_method",
                "idx_request_logs_path", "idx_request_logs_server_id", "idx_request_logs_scenario_name",
                "idx_request_logs_response_status", "idx_request_logs_composite", "idx_request_logs_path_method",
                "idx_request_logs_status_time", "idx_request_logs_unmatched"));
        INDEXES.put("mock_servers", Set.of("idx_mock_servers_name", "idx_mock_servers_status", "idx_mock_servers_port"));
        INDEXES.put("scenarios", Set.of("idx_scenarios_name", "idx_scenarios_server_id", "idx_scenarios_is_active",
                "idx_scenarios_server_active", "uq_scenarios_name_server_id"));
        INDEXES.put("mock_responses", Set.of("idx_mock_responses_server_id", "idx_mock_responses_endpoint",
                "idx_mock_responses_method", "idx_mock_responses_scenario_id", "idx_mock_responses_lookup"));
        INDEXES.put("webhooks", Set.of("idx_webhooks_server_id", "idx_webhooks_is_active"));
        INDEXES.put("webhook_deliveries", Set.of("idx_webhook_deliveries_webhook_id",
                "idx_webhook_deliveries_event_type", "idx_webhook_deliveries_success",
                "idx_webhook_deliveries_delivered_at", "idx_webhook_deliveries_outbox_id"));
        INDEXES.put("webhook_outbox", Set.of("idx_webhook_outbox_webhook_id", "idx_webhook_outbox_due"));
        // uq_users_*_ci: version 5's case-insensitive uniqueness (not in the seed)
        INDEXES.put("users", Set.of("idx_users_username", "idx_users_email", "idx_users_api_key", "idx_users_is_active",
                "uq_users_username_ci", "uq_users_email_ci"));
        INDEXES.put("request_log_imports", Set.of("uq_request_log_imports_key"));
        INDEXES.put("user_sessions", Set.of("idx_user_sessions_user_id", "idx_user_sessions_expires_at"));
    }

    private static void table(String name, String... columns) {
        Map<String, String> cols = new LinkedHashMap<>();
        for (String c : columns) {
            int i = c.indexOf(':');
            cols.put(c.substring(0, i), c.substring(i + 1));
        }
        TABLES.put(name, cols);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void migratedSchemaIsExactlyTheSeedSchema(DbTarget target) throws SQLException {
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build();
             Connection c = InternalAccess.dataSource(db).getConnection()) {
            Snapshot s = Snapshot.of(c, db.databaseType());

            assertThat(s.tables.keySet()).containsExactlyInAnyOrderElementsOf(TABLES.keySet());
            if (db.databaseType() == DatabaseType.MYSQL || db.databaseType() == DatabaseType.MARIADB) {
                // version 5's virtual generated columns behind the case-insensitive unique indexes (not in the seed)
                assertThat(s.tables.get("users")).containsKeys("username_ci", "email_ci");
                s.tables.get("users").keySet().removeAll(Set.of("username_ci", "email_ci"));
                assertThat(s.unique).contains("users(username_ci)", "users(email_ci)");
            }
            TABLES.forEach((table, columns) -> assertThat(s.tables.get(table)).as("columns of %s", table)
                    .containsExactlyInAnyOrderEntriesOf(columns));
            PRIMARY_KEYS.forEach((table, pk) -> assertThat(s.primaryKeys.get(table)).as("pk of %s", table).isEqualTo(pk));
            assertThat(s.foreignKeys).containsExactlyInAnyOrderElementsOf(FOREIGN_KEYS);
            INDEXES.forEach((table, idx) -> assertThat(s.indexes.get(table)).as("indexes of %s", table)
                    .containsAll(idx));
            if (db.databaseType() == DatabaseType.POSTGRESQL) {
                assertThat(s.indexes.get("request_logs")).contains("idx_request_logs_covering");
            }
            assertThat(s.unique).contains("scenarios(name,server_id)", "users(username)", "users(email)",
                    "users(api_key)", "request_log_imports(server_id,import_key)");
            assertThat(s.views.keySet()).containsExactlyInAnyOrderElementsOf(VIEWS.keySet());
            VIEWS.forEach((view, cols) -> assertThat(s.views.get(view)).as("columns of view %s", view)
                    .containsExactlyElementsOf(cols));

            assertThat(db.config().list()).extracting(e -> e.key() + "=" + e.value().orElse(null) + " ("
                    + e.description().orElse(null) + ")").containsExactly(
                    "default_response_delay=0 (Default response delay in milliseconds)",
                    "log_retention_days=30 (Number of days to retain request logs)",
                    "max_log_entries=100000 (Maximum number of log entries to keep)",
                    "webhook_timeout=30 (Webhook timeout in seconds)");
            assertThat(TestQueries.schemaVersions(db)).containsExactly("1 Initial schema", "2 Performance indexes",
                    "3 Webhook outbox", "5 Case-insensitive identities and import keys", "6 Unmatched requests");
        }
    }

    /** Everything JDBC metadata says about the mockloop tables, normalised for comparison. */
    static final class Snapshot {
        final Map<String, Map<String, String>> tables = new TreeMap<>();
        final Map<String, String> primaryKeys = new TreeMap<>();
        final Set<String> foreignKeys = new TreeSet<>();
        final Map<String, Set<String>> indexes = new TreeMap<>();
        final Set<String> unique = new TreeSet<>();
        final Map<String, List<String>> views = new TreeMap<>();
        final Map<String, String> columnTypes = new TreeMap<>();

        static Snapshot of(Connection c, DatabaseType type) throws SQLException {
            Snapshot s = new Snapshot();
            DatabaseMetaData meta = c.getMetaData();
            String catalog = c.getCatalog();
            String schema = type == DatabaseType.POSTGRESQL ? c.getSchema() : null;
            try (ResultSet rs = meta.getTables(catalog, schema, "%", new String[] {"TABLE", "VIEW"})) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    if (name.contains("databasechangelog") || name.startsWith("sqlite_")) {
                        continue;
                    }
                    if ("VIEW".equalsIgnoreCase(rs.getString("TABLE_TYPE"))) {
                        s.views.put(name, new java.util.ArrayList<>());
                    } else {
                        s.tables.put(name, new LinkedHashMap<>());
                    }
                }
            }
            for (String view : s.views.keySet()) {
                try (ResultSet rs = meta.getColumns(catalog, schema, view, null)) {
                    while (rs.next()) {
                        s.views.get(view).add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                }
            }
            for (String table : s.tables.keySet()) {
                try (ResultSet rs = meta.getColumns(catalog, schema, table, null)) {
                    while (rs.next()) {
                        String col = rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                        boolean nullable = rs.getInt("NULLABLE") == DatabaseMetaData.columnNullable;
                        String def = rs.getString("COLUMN_DEF");
                        String autoinc = rs.getString("IS_AUTOINCREMENT");
                        boolean hasDefault = def != null && !def.isBlank() && !def.equalsIgnoreCase("NULL")
                                && !def.toLowerCase(Locale.ROOT).startsWith("nextval(");
                        if ("YES".equalsIgnoreCase(autoinc) && col.equals("id")) {
                            hasDefault = false;
                        }
                        s.tables.get(table).put(col, (nullable ? "NULL" : "NOT NULL") + (hasDefault ? " DEFAULT" : ""));
                        s.columnTypes.put(table + "." + col, rs.getString("TYPE_NAME") + "(" + rs.getInt("COLUMN_SIZE")
                                + ") default " + def);
                    }
                }
                try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, table)) {
                    StringBuilder pk = new StringBuilder();
                    while (rs.next()) {
                        pk.append(pk.length() == 0 ? "" : ",").append(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                    s.primaryKeys.put(table, pk.toString());
                }
                try (ResultSet rs = meta.getImportedKeys(catalog, schema, table)) {
                    while (rs.next()) {
                        int rule = rs.getInt("DELETE_RULE");
                        String action = rule == DatabaseMetaData.importedKeyCascade ? "CASCADE"
                                : rule == DatabaseMetaData.importedKeySetNull ? "SET NULL" : "NO ACTION";
                        s.foreignKeys.add(table + "." + rs.getString("FKCOLUMN_NAME").toLowerCase(Locale.ROOT) + " -> "
                                + rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT) + "."
                                + rs.getString("PKCOLUMN_NAME").toLowerCase(Locale.ROOT) + " " + action);
                    }
                }
                Map<String, List<String>> uniqueCols = new TreeMap<>();
                Set<String> idx = new TreeSet<>();
                try (ResultSet rs = meta.getIndexInfo(catalog, schema, table, false, false)) {
                    while (rs.next()) {
                        String name = rs.getString("INDEX_NAME");
                        if (name == null) {
                            continue;
                        }
                        name = name.toLowerCase(Locale.ROOT);
                        idx.add(name);
                        if (!rs.getBoolean("NON_UNIQUE") && rs.getString("COLUMN_NAME") != null) {
                            uniqueCols.computeIfAbsent(name, k -> new java.util.ArrayList<>())
                                    .add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                        }
                    }
                }
                s.indexes.put(table, idx);
                uniqueCols.values().forEach(cols -> s.unique.add(table + "(" + String.join(",", cols) + ")"));
            }
            return s;
        }

        /** @return a canonical text of the whole snapshot, for identity checks */
        String canonical() {
            return "tables=" + tables + "\ntypes=" + columnTypes + "\npk=" + primaryKeys + "\nfk=" + foreignKeys
                    + "\nidx=" + indexes + "\nunique=" + unique + "\nviews=" + views;
        }
    }
}
