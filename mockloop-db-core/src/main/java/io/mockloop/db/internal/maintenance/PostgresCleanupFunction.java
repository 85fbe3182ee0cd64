package io.mockloop.db.internal.maintenance;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.UnsupportedFeatureException;
import io.mockloop.db.internal.Engine;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.maintenance.PostgresCleanupInstallation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the seed's {@code cleanup_old_logs()} on PostgreSQL, reading system_config instead of fixed intervals,
 * and schedules it with pg_cron when that extension is installed. Not a migration: nothing in the changelog, the
 * schema version is unchanged, and removing it is {@link #remove()}.
 */
final class PostgresCleanupFunction {

    private static final Logger LOG = LoggerFactory.getLogger("io.mockloop.db.retention");
    static final String CRON_SCHEDULE = "0 2 * * *";

    private final Engine engine;

    PostgresCleanupFunction(Engine engine) {
        this.engine = engine;
    }

    private void requirePostgres(String what) {
        if (engine.type() != DatabaseType.POSTGRESQL) {
            throw new UnsupportedFeatureException(what, engine.type(), what + " applies only to PostgreSQL (this"
                    + " database is " + engine.type() + "); use the in-process schedule instead:"
                    + " MockLoopDb.builder().retention(RetentionSettings.DEFAULTS)"
                    + " or database.retention.enabled: true in YAML");
        }
    }

    PostgresCleanupInstallation install() {
        requirePostgres("installPostgresCleanupFunction");
        try (Connection c = engine.dataSource().getConnection()) {
            String schema = currentSchema(c);
            String q = quote(schema);
            try (Statement st = c.createStatement()) {
                st.execute(functionSql(q));
            }
            String function = schema + ".cleanup_old_logs()";
            String job = "mockloop-cleanup-" + schema;
            if (bool(c, "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_cron')")) {
                String command = "SELECT " + q + ".cleanup_old_logs()";
                boolean sameDb = bool(c, "SELECT current_setting('cron.database_name', true) IS NULL"
                        + " OR current_setting('cron.database_name', true) = current_database()");
                try (PreparedStatement ps = c.prepareStatement(sameDb ? "SELECT cron.schedule(?, ?, ?)"
                        : "SELECT cron.schedule_in_database(?, ?, ?, current_database())")) {
                    ps.setString(1, job);
                    ps.setString(2, CRON_SCHEDULE);
                    ps.setString(3, command);
                    ps.executeQuery().close();
                }
                String msg = "installed " + function + " and scheduled it with pg_cron as job '" + job + "' at '"
                        + CRON_SCHEDULE + "' (daily 02:00 in pg_cron's time zone)";
                LOG.info("{} {}", engine.poolName(), msg);
                return new PostgresCleanupInstallation(function, true, Optional.of(job), msg);
            }
            boolean available = bool(c, "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_cron')");
            String why = available
                    ? "pg_cron is available on this server but not created in this database (CREATE EXTENSION pg_cron;"
                    + " it needs shared_preload_libraries = 'pg_cron')"
                    : "pg_cron is not installed on this PostgreSQL server (pg_available_extensions has no pg_cron)";
            String msg = "installed " + function + " but did not schedule it: " + why + ". Call SELECT " + q
                    + ".cleanup_old_logs() from your own scheduler, or keep the in-process schedule"
                    + " (MockLoopDb.builder().retention(...), database.retention.enabled: true)";
            LOG.info("{} {}", engine.poolName(), msg);
            return new PostgresCleanupInstallation(function, false, Optional.empty(), msg);
        } catch (SQLException e) {
            throw Errors.wrap("installing cleanup_old_logs()", e, engine.maskedUrl());
        }
    }

    boolean remove() {
        requirePostgres("removePostgresCleanupFunction");
        try (Connection c = engine.dataSource().getConnection()) {
            String schema = currentSchema(c);
            if (bool(c, "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_cron')")) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT cron.unschedule(jobid) FROM cron.job WHERE jobname = ?")) {
                    ps.setString(1, "mockloop-cleanup-" + schema);
                    ps.executeQuery().close();
                }
            }
            boolean existed;
            try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n"
                    + " ON n.oid = p.pronamespace WHERE p.proname = 'cleanup_old_logs' AND n.nspname = ?)")) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    existed = rs.next() && rs.getBoolean(1);
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("DROP FUNCTION IF EXISTS " + quote(schema) + ".cleanup_old_logs()");
            }
            return existed;
        } catch (SQLException e) {
            throw Errors.wrap("removing cleanup_old_logs()", e, engine.maskedUrl());
        }
    }

    /**
     * The seed's function, with the retention read from system_config at each call (defaults 30 days and 100000
     * rows when a value is missing or not a number) and the same advisory lock as the in-process runs.
     */
    static String functionSql(String quotedSchema) {
        return "CREATE OR REPLACE FUNCTION " + quotedSchema + ".cleanup_old_logs() RETURNS void"
                + " LANGUAGE plpgsql SET search_path = " + quotedSchema + " AS $fn$\n"
                + "DECLARE\n"
                + "    retention_days integer := 30;\n"
                + "    max_entries bigint := 100000;\n"
                + "    v text;\n"
                + "    boundary bigint;\n"
                + "    now_utc timestamp := timezone('UTC', now());\n"
                + "BEGIN\n"
                + "    IF NOT pg_try_advisory_xact_lock(hashtext('mockloop.retention'), hashtext(current_schema())) THEN\n"
                + "        RAISE NOTICE 'cleanup_old_logs: another mockloop retention run holds the lock; nothing deleted';\n"
                + "        RETURN;\n"
                + "    END IF;\n"
                + "    SELECT value INTO v FROM system_config WHERE key = 'log_retention_days';\n"
                + "    IF v ~ '^\\s*[0-9]{1,6}\\s*$' THEN retention_days := trim(v)::integer; END IF;\n"
                + "    SELECT value INTO v FROM system_config WHERE key = 'max_log_entries';\n"
                + "    IF v ~ '^\\s*[0-9]{1,18}\\s*$' THEN max_entries := trim(v)::bigint; END IF;\n"
                + "    DELETE FROM request_logs WHERE \"timestamp\" < now_utc - make_interval(days => retention_days);\n"
                + "    SELECT id INTO boundary FROM request_logs ORDER BY id DESC OFFSET max_entries LIMIT 1;\n"
                + "    IF boundary IS NOT NULL THEN\n"
                + "        DELETE FROM request_logs WHERE id <= boundary;\n"
                + "    END IF;\n"
                + "    DELETE FROM webhook_deliveries WHERE delivered_at < now_utc - interval '7 days';\n"
                + "    DELETE FROM webhook_outbox WHERE state IN ('SUCCEEDED', 'DEAD')"
                + " AND updated_at < now_utc - interval '7 days';\n"
                + "    ANALYZE request_logs;\n"
                + "    ANALYZE webhook_deliveries;\n"
                + "END\n"
                + "$fn$";
    }

    private static String currentSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            if (!rs.next() || rs.getString(1) == null) {
                throw new SQLException("no current schema (search_path is empty)");
            }
            return rs.getString(1);
        }
    }

    private static boolean bool(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
