package io.mockloop.db.internal.maintenance;

import com.zaxxer.hikari.HikariPoolMXBean;
import io.mockloop.db.BackupFileException;
import io.mockloop.db.DatabaseType;
import io.mockloop.db.MigrationException;
import io.mockloop.db.PrivateFiles;
import io.mockloop.db.UnsupportedFeatureException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.Engine;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.maintenance.Maintenance;
import io.mockloop.db.migration.MigrationStatus;
import io.mockloop.db.migration.Migrations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/** {@link Maintenance} in plain JDBC (PRAGMAs and catalog queries are not jOOQ's business). Thread-safe. */
public final class JdbcMaintenance implements Maintenance {

    private static final byte[] SQLITE_MAGIC = "SQLite format 3\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Engine engine;
    private final Migrations migrations;
    private final RetentionService retention;
    private final java.time.Clock clock;

    /**
     * @param engine the open engine
     * @param migrations the migrations (for versions)
     * @param retention the database's retention (scheduled or on demand)
     * @param clock what "now" is for {@link #ensureRequestLogPartitions()} (this month and the next)
     */
    public JdbcMaintenance(Engine engine, Migrations migrations, RetentionService retention, java.time.Clock clock) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
        this.engine = engine;
        this.migrations = migrations;
        this.retention = java.util.Objects.requireNonNull(retention, "retention");
    }

    @Override
    public io.mockloop.db.maintenance.RetentionStatus retention() {
        return retention.status();
    }

    @Override
    public io.mockloop.db.maintenance.RetentionRun runRetentionNow() {
        return retention.runNow();
    }

    @Override
    public io.mockloop.db.maintenance.PartitionReport ensureRequestLogPartitions() {
        try {
            return io.mockloop.db.internal.log.RequestLogPartitions.ensure(engine.dsl(), engine.type(),
                    clock.instant());
        } catch (org.jooq.exception.DataAccessException e) {
            throw io.mockloop.db.internal.Errors.wrap("create request_logs partitions", e, engine.maskedUrl());
        }
    }

    @Override
    public io.mockloop.db.maintenance.PostgresCleanupInstallation installPostgresCleanupFunction() {
        return new PostgresCleanupFunction(engine).install();
    }

    @Override
    public boolean removePostgresCleanupFunction() {
        return new PostgresCleanupFunction(engine).remove();
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(String what, Work<T> work) {
        try (Connection c = engine.dataSource().getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw Errors.wrap(what, e, engine.maskedUrl());
        }
    }

    /** @return the mockloop tables present, in name order (from the generated model, so views are left out) */
    private Set<String> tables(Connection c) throws SQLException {
        Set<String> present = new TreeSet<>();
        String schema = engine.type() == DatabaseType.POSTGRESQL ? c.getSchema() : null;
        for (org.jooq.Table<?> t : io.mockloop.db.internal.jooq.generated.DefaultSchema.DEFAULT_SCHEMA.getTables()) {
            if (t.getTableType() != org.jooq.TableOptions.TableType.TABLE) {
                continue;
            }
            try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), schema, t.getName(), new String[] {"TABLE"})) {
                if (rs.next()) {
                    present.add(t.getName());
                }
            }
        }
        return present;
    }

    private static long longOf(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public long size() {
        return withConnection("size", this::size);
    }

    private long size(Connection c) throws SQLException {
        switch (engine.type()) {
            case SQLITE: {
                long pages = longOf(c, "PRAGMA page_count") * longOf(c, "PRAGMA page_size");
                Path wal = sqliteFile(c).map(p -> Path.of(p + "-wal")).orElse(null);
                try {
                    return pages + (wal != null && Files.exists(wal) ? Files.size(wal) : 0);
                } catch (IOException e) {
                    return pages;
                }
            }
            case POSTGRESQL:
                return longOf(c, "SELECT pg_database_size(current_database())");
            default:
                return longOf(c, "SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.TABLES"
                        + " WHERE table_schema = DATABASE()");
        }
    }

    private static java.util.Optional<String> sqliteFile(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA database_list")) {
            while (rs.next()) {
                if ("main".equals(rs.getString(2))) {
                    String f = rs.getString(3);
                    return f == null || f.isEmpty() || f.startsWith("/mockloop-") && !Files.exists(Path.of(f))
                            ? java.util.Optional.empty() : java.util.Optional.of(f);
                }
            }
        }
        return java.util.Optional.empty();
    }

    @Override
    public List<TableSize> tableSizes() {
        return withConnection("table-sizes", c -> {
            List<TableSize> out = new ArrayList<>();
            java.util.Map<String, Long> sqliteBytes = engine.type() == DatabaseType.SQLITE ? dbstat(c) : null;
            for (String t : tables(c)) {
                long rows = longOf(c, "SELECT COUNT(*) FROM " + quote(t));
                switch (engine.type()) {
                    case SQLITE -> {
                        if (sqliteBytes != null && !sqliteBytes.isEmpty()) {
                            out.add(new TableSize(t, rows, sqliteBytes.getOrDefault(t, 0L), false));
                        } else {
                            // no dbstat: average row size is unknown, so share the used pages by row count
                            out.add(new TableSize(t, rows, -1, true));
                        }
                    }
                    case POSTGRESQL -> {
                        try (PreparedStatement ps = c.prepareStatement("SELECT pg_total_relation_size(to_regclass(?))")) {
                            ps.setString(1, t);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                out.add(new TableSize(t, rows, rs.getLong(1), false));
                            }
                        }
                    }
                    default -> {
                        try (PreparedStatement ps = c.prepareStatement("SELECT data_length + index_length FROM"
                                + " information_schema.TABLES WHERE table_schema = DATABASE() AND table_name = ?")) {
                            ps.setString(1, t);
                            try (ResultSet rs = ps.executeQuery()) {
                                // InnoDB's figures are page estimates refreshed by ANALYZE TABLE
                                out.add(new TableSize(t, rows, rs.next() ? rs.getLong(1) : 0, true));
                            }
                        }
                    }
                }
            }
            if (engine.type() == DatabaseType.SQLITE && (sqliteBytes == null || sqliteBytes.isEmpty())) {
                long total = size(c);
                long allRows = out.stream().mapToLong(TableSize::rows).sum();
                List<TableSize> estimated = new ArrayList<>();
                for (TableSize s : out) {
                    estimated.add(new TableSize(s.table(), s.rows(), allRows == 0 ? 0 : total * s.rows() / allRows, true));
                }
                return estimated;
            }
            return out;
        });
    }

    /** Bytes per table and its indexes from SQLite's dbstat table; empty when this build lacks it. */
    private java.util.Map<String, Long> dbstat(Connection c) {
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        String sql = "SELECT COALESCE(m.tbl_name, d.name), SUM(d.pgsize) FROM dbstat d"
                + " LEFT JOIN sqlite_master m ON m.name = d.name GROUP BY 1";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            return java.util.Map.of();
        }
        return out;
    }

    @Override
    public VacuumReport vacuum() {
        return withConnection("vacuum", c -> {
            long start = System.nanoTime();
            long before = size(c);
            try (Statement st = c.createStatement()) {
                switch (engine.type()) {
                    case SQLITE -> {
                        st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                        st.execute("VACUUM");
                        st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                    }
                    case POSTGRESQL -> {
                        for (String t : tables(c)) {
                            st.execute("VACUUM ANALYZE " + quote(t));
                        }
                    }
                    default -> {
                        Set<String> tables = tables(c);
                        if (!tables.isEmpty()) {
                            try (ResultSet rs = st.executeQuery("OPTIMIZE TABLE " + String.join(", ",
                                    tables.stream().map(JdbcMaintenance::quoteMy).toList()))) {
                                while (rs.next()) {
                                    // InnoDB answers "recreate + analyze" per table; the result set must be drained
                                }
                            }
                        }
                    }
                }
            }
            return new VacuumReport(before, size(c), (System.nanoTime() - start) / 1_000_000);
        });
    }

    @Override
    public AnalyzeReport analyze() {
        return withConnection("analyze", c -> {
            List<IndexUsage> usage = new ArrayList<>();
            List<String> locks = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            OptionalInt connections = OptionalInt.empty();
            try (Statement st = c.createStatement()) {
                switch (engine.type()) {
                    case SQLITE -> {
                        st.execute("ANALYZE");
                        st.execute("PRAGMA optimize");
                        try (ResultSet rs = st.executeQuery("SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx")) {
                            while (rs.next()) {
                                if (rs.getString(2) != null) {
                                    usage.add(new IndexUsage(rs.getString(1), rs.getString(2), OptionalLong.empty(),
                                            "sqlite_stat1: " + rs.getString(3)));
                                }
                            }
                        }
                        notes.add("SQLite keeps no index scan counts; sqlite_stat1 shows rows per index key");
                    }
                    case POSTGRESQL -> {
                        for (String t : tables(c)) {
                            st.execute("ANALYZE " + quote(t));
                        }
                        try (ResultSet rs = st.executeQuery("SELECT relname, indexrelname, idx_scan, idx_tup_read,"
                                + " idx_tup_fetch FROM pg_stat_user_indexes WHERE schemaname = current_schema()"
                                + " ORDER BY relname, indexrelname")) {
                            while (rs.next()) {
                                usage.add(new IndexUsage(rs.getString(1), rs.getString(2), OptionalLong.of(rs.getLong(3)),
                                        "tuples read " + rs.getLong(4) + ", fetched " + rs.getLong(5)));
                            }
                        }
                        connections = OptionalInt.of((int) longOf(c,
                                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"));
                        try (ResultSet rs = st.executeQuery("SELECT l.relation::regclass::text, l.mode, l.granted, l.pid"
                                + " FROM pg_locks l JOIN pg_class r ON r.oid = l.relation"
                                + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = current_schema()"
                                + " AND l.pid <> pg_backend_pid() ORDER BY 1")) {
                            while (rs.next()) {
                                locks.add(rs.getString(1) + " " + rs.getString(2) + (rs.getBoolean(3) ? " granted" : " waiting")
                                        + " by pid " + rs.getInt(4));
                            }
                        }
                    }
                    default -> {
                        Set<String> tables = tables(c);
                        if (!tables.isEmpty()) {
                            try (ResultSet rs = st.executeQuery("ANALYZE TABLE " + String.join(", ",
                                    tables.stream().map(JdbcMaintenance::quoteMy).toList()))) {
                                while (rs.next()) {
                                    // drained: one status row per table
                                }
                            }
                        }
                        notes.add("MySQL/MariaDB keep index use only in performance_schema, which is not read here");
                    }
                }
            }
            return new AnalyzeReport(usage, connections, locks, notes);
        });
    }

    @Override
    public BackupReport backup(Path target) {
        java.util.Objects.requireNonNull(target, "target");
        requireSqlite("backup");
        Path file = target.toAbsolutePath();
        if (Files.exists(file)) {
            throw new ValidationException("to", "must not exist (a backup never overwrites a file)", file.toString());
        }
        if (file.getParent() == null || !Files.isDirectory(file.getParent())) {
            throw new ValidationException("to", "must be in an existing directory", file.toString());
        }
        long start = System.nanoTime();
        return withConnection("backup", c -> {
            // an empty owner-only file first: VACUUM INTO writes into an empty file and keeps its mode
            try {
                io.mockloop.db.PrivateFiles.createFileIfAbsent(file);
            } catch (IOException e) {
                throw new BackupFileException(file, "cannot create the backup " + file + ": " + e.getMessage(), e);
            }
            try (PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
                ps.setString(1, file.toString());
                ps.execute();
            }
            int version = checkSqliteFile(file, "to");
            try {
                return new BackupReport(file, Files.size(file), version, (System.nanoTime() - start) / 1_000_000);
            } catch (IOException e) {
                throw new BackupFileException(file, "cannot read the backup " + file + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public BackupReport inspectBackup(Path source) {
        Path file = checkedSource(source);
        int version = checkedVersion(file);
        try {
            return new BackupReport(file, Files.size(file), version, 0);
        } catch (IOException e) {
            throw new ValidationException("from", "must be a readable file", file.toString());
        }
    }

    private static Path checkedSource(Path source) {
        java.util.Objects.requireNonNull(source, "source");
        if (!Files.isRegularFile(source)) {
            throw new ValidationException("from", "must be an existing file", source.toString());
        }
        return source.toAbsolutePath();
    }

    private int checkedVersion(Path file) {
        int version = checkSqliteFile(file, "from");
        if (version > migrations.latestVersion()) {
            throw new MigrationException("refusing to restore " + file + ": its schema version " + version
                    + " is newer than this library's " + migrations.latestVersion() + "; use a newer mockloop-db");
        }
        return version;
    }

    @Override
    public BackupReport restore(Path source) {
        java.util.Objects.requireNonNull(source, "source");
        requireSqlite("restore");
        Path file = checkedSource(source);
        if (file.toString().contains("\"")) {
            throw new ValidationException("from", "must not contain a double quote", file.toString());
        }
        int version = checkedVersion(file);
        long start = System.nanoTime();
        return withConnection("restore", c -> {
            try (Statement st = c.createStatement()) {
                // sqlite-jdbc's "restore from" runs SQLite's online backup API into this live database
                // quoted so that a path with spaces stays one argument
                st.executeUpdate("restore from \"" + file + "\"");
            }
            try {
                return new BackupReport(file, Files.size(file), version, (System.nanoTime() - start) / 1_000_000);
            } catch (IOException e) {
                throw new BackupFileException(file, "cannot read " + file + ": " + e.getMessage(), e);
            }
        });
    }

    /** Checks that {@code file} is an intact mockloop SQLite database and returns its schema version. */
    private int checkSqliteFile(Path file, String field) {
        try (var in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(SQLITE_MAGIC.length);
            if (!java.util.Arrays.equals(head, SQLITE_MAGIC)) {
                throw new ValidationException(field, "must be a SQLite database file", file.toString());
            }
        } catch (IOException e) {
            throw new ValidationException(field, "must be a readable file", file.toString());
        }
        Properties props = new Properties();
        props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, props); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                String result = rs.next() ? rs.getString(1) : "no result";
                if (!"ok".equalsIgnoreCase(result)) {
                    throw new ValidationException(field, "must pass PRAGMA integrity_check", file + ": " + result);
                }
            }
            // a file of a build before 0.1.0 still has our change sets in Liquibase's default table
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
                    + " AND name IN ('schema_version', 'request_logs')"
                    + " AND EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table'"
                    + " AND name IN ('mockloop_databasechangelog', 'DATABASECHANGELOG'))")) {
                if (!rs.next() || rs.getInt(1) < 2) {
                    throw new ValidationException(field, "must be a mockloop database (no schema_version, request_logs"
                            + " or mockloop_databasechangelog table)", file.toString());
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new ValidationException(field, "must be a readable SQLite database (" + e.getMessage() + ")",
                    file.toString());
        }
    }

    private void requireSqlite(String what) {
        if (engine.type() != DatabaseType.SQLITE) {
            throw new UnsupportedFeatureException(what, engine.type(), what + " is built in for SQLite only; "
                    + nativeBackupAdvice());
        }
    }

    @Override
    public String nativeBackupAdvice() {
        return switch (engine.type()) {
            case SQLITE -> "use `mockloop db backup --to FILE` (a consistent online copy) and `mockloop db restore"
                    + " --from FILE`";
            case POSTGRESQL -> "use `mockloop db backup --to FILE` and `mockloop db restore --from FILE`, which run"
                    + " pg_dump -Fc and pg_restore on the database's schema (the postgresql-client package)";
            case MYSQL, MARIADB -> "use `mockloop db backup --to FILE` and `mockloop db restore --from FILE`, which run"
                    + " mariadb-dump (or mysqldump) --single-transaction and the mariadb (or mysql) client";
        };
    }

    @Override
    public Health health() {
        long start = System.nanoTime();
        HikariPoolMXBean bean = engine.poolBean();
        Optional<PoolFigures> pool = bean == null ? Optional.empty() : Optional.of(new PoolFigures(
                bean.getActiveConnections(), bean.getIdleConnections(), bean.getThreadsAwaitingConnection()));
        try {
            long millis;
            // the round trip's connection goes back before the migration and retention status borrow theirs: with a
            // pool of one (or a caller's busy DataSource) holding it would wait out the pool timeout
            try (Connection c = engine.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT 1")) {
                rs.next();
                millis = (System.nanoTime() - start) / 1_000_000;
            }
            MigrationStatus status = migrations.status();
            return new Health(true, millis, pool, OptionalInt.of(status.currentVersion()), status.latestVersion(),
                    !status.upToDate(), Optional.empty(), retention.status());
        } catch (SQLException | RuntimeException e) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Health(false, millis, pool, OptionalInt.empty(), migrations.latestVersion(), false,
                    Optional.of(Errors.wrap("health check", e, engine.maskedUrl()).getMessage()), retention.status());
        }
    }

    private String quote(String table) {
        return engine.type().isMySqlFamily() ? quoteMy(table) : "\"" + table.replace("\"", "\"\"") + "\"";
    }

    private static String quoteMy(String table) {
        return "`" + table.replace("`", "``").toLowerCase(Locale.ROOT) + "`";
    }
}
