package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.ConfigurationException;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.maintenance.PartitionReport;
import io.mockloop.db.migration.MigrationReport;
import io.mockloop.db.migration.MigrationStatus;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import io.mockloop.db.testing.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

/**
 * The opt-in partitioned request_logs (PostgreSQL): the schema change and its rollback keep every row, the
 * versions reported stay consistent either way, partitions are made ahead, and retention drops whole months.
 * The RequestLogStore contract itself runs partitioned in {@link RequestLogStoreTest} (POSTGRESQL_PARTITIONED).
 */
class PartitionedRequestLogsTest {

    private static final Pattern PARTITION = Pattern.compile("request_logs_(?:\\d{4}_\\d{2}|default)");

    /** Rows as the store returns them, ordered by id: what must survive the conversion both ways. */
    private static List<String> snapshot(MockLoopDb db) {
        return db.requestLogs().stream(LogFilter.builder().oldestFirst().build())
                .map(l -> l.id() + "|" + l.timestamp() + "|" + l.path() + "|" + l.serverId() + "|" + l.responseStatus())
                .sorted().toList();
    }

    private static String relkind(MockLoopDb db) {
        return InternalAccess.dsl(db).fetchOne("SELECT relkind::text FROM pg_class WHERE oid = to_regclass('request_logs')")
                .get(0, String.class);
    }

    /** @return what PUBLIC was granted on request_logs and its summary view */
    private static List<String> publicGrants(MockLoopDb db) {
        return InternalAccess.dsl(db).fetch("SELECT table_name || ':' || privilege_type FROM"
                + " information_schema.role_table_grants WHERE grantee = 'PUBLIC' AND table_schema = current_schema()"
                + " ORDER BY 1").getValues(0, String.class);
    }

    private static List<String> partitions(MockLoopDb db) {
        return InternalAccess.dsl(db).fetch("SELECT c.relname::text FROM pg_inherits i JOIN pg_class c"
                + " ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass('request_logs') ORDER BY 1")
                .getValues(0, String.class);
    }

    private static String month(Instant t, int plus) {
        LocalDate d = t.atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1).plusMonths(plus);
        return String.format(Locale.ROOT, "request_logs_%04d_%02d", d.getYear(), d.getMonthValue());
    }

    @Test
    void convertingAFilledTableKeepsEveryRowAndIdAndSoDoesTheRollback() {
        try (TestDatabase tdb = TestDatabase.create(DbTarget.POSTGRESQL)) {
            List<String> before;
            List<DailySummary> summary;
            long lastId;
            try (MockLoopDb plain = tdb.builder().build()) {
                assertThat(plain.migrations().status().currentVersion()).isEqualTo(MockLoopDb.latestSchemaVersion());
                assertThat(plain.migrations().status().latestVersion()).isEqualTo(MockLoopDb.latestSchemaVersion());
                assertThat(MockLoopDb.latestSchemaVersion()).isEqualTo(6); // the optional 4 not counted
                List<RequestLog> rows = new ArrayList<>();
                Instant march = Instant.parse("2026-03-01T00:00:00Z");
                for (int i = 0; i < 500; i++) { // March to early July 2026, every 6 hours
                    rows.add(RequestLog.builder(i % 3 == 0 ? "POST" : "GET", "/pets/" + i, i % 5 == 0 ? 500 : 200)
                            .timestamp(march.plus(Duration.ofHours(6L * i))).serverId(i % 2 == 0 ? "a" : "b")
                            .responseTimeMs(i % 40).build());
                }
                rows.add(RequestLog.builder("GET", "/old", 200).timestamp(Instant.parse("1999-12-31T23:59:59.999Z")).build());
                rows.add(RequestLog.builder("GET", "/future", 200).timestamp(Instant.parse("2031-01-01T00:00:00Z")).build());
                plain.requestLogs().appendAll(rows);
                // the highest ids handed out are deleted: the sequence, not max(id), says where ids continue
                List<RequestLog> doomed = List.of(RequestLog.builder("GET", "/gone", 200).build(),
                        RequestLog.builder("GET", "/gone", 200).build());
                plain.requestLogs().appendAll(doomed);
                lastId = plain.requestLogs().list(LogFilter.builder().path("/gone").build(), 10).stream()
                        .mapToLong(l -> l.id().orElseThrow()).max().orElseThrow();
                TestSupport.execute(plain, "DELETE FROM request_logs WHERE path = '/gone'",
                        "GRANT SELECT ON request_logs, request_logs_summary TO PUBLIC");
                before = snapshot(plain);
                summary = plain.requestLogs().summary();
                assertThat(before).hasSize(502);
                assertThat(relkind(plain)).isEqualTo("r");
            }

            Instant now = Instant.now();
            try (MockLoopDb partitioned = tdb.builder().partitionedRequestLogs(true).build()) {
                assertThat(relkind(partitioned)).isEqualTo("p");
                assertThat(publicGrants(partitioned)).containsExactly("request_logs:SELECT", "request_logs_summary:SELECT");
                MigrationStatus status = partitioned.migrations().status();
                assertThat(status.currentVersion()).isEqualTo(MockLoopDb.latestSchemaVersion());
                assertThat(status.latestVersion()).isEqualTo(MockLoopDb.latestSchemaVersion());
                assertThat(status.upToDate()).isTrue();
                assertThat(partitioned.migrations().validate().valid()).isTrue();
                assertThat(partitions(partitioned)).contains("request_logs_1999_12", "request_logs_2026_03",
                        "request_logs_2026_04", "request_logs_2026_05", "request_logs_2026_06", "request_logs_2031_01",
                        month(now, 0), month(now, 1), "request_logs_default");
                assertThat(snapshot(partitioned)).isEqualTo(before);
                assertThat(partitioned.requestLogs().summary()).isEqualTo(summary);
                assertThat(InternalAccess.dsl(partitioned).fetchOne("SELECT count(*) FROM server_statistics")
                        .get(0, Long.class)).isZero(); // the view is back (no servers registered)
                long next = partitioned.requestLogs().append(RequestLog.builder("GET", "/after", 200).build()).orElseThrow();
                assertThat(next).isGreaterThan(lastId);
                before = snapshot(partitioned);
                summary = partitioned.requestLogs().summary();
            }

            try (MockLoopDb withoutOption = tdb.builder().build()) {
                // a partitioned database is recognised as such without the option: nothing pending, no drift
                MigrationStatus status = withoutOption.migrations().status();
                assertThat(status.currentVersion()).isEqualTo(MockLoopDb.latestSchemaVersion());
                assertThat(status.latestVersion()).isEqualTo(MockLoopDb.latestSchemaVersion());
                assertThat(status.pending()).isEmpty();
                assertThat(withoutOption.maintenance().ensureRequestLogPartitions().partitioned()).isTrue();

                MigrationReport back = withoutOption.migrations().rollback(3);
                assertThat(back.versionBefore()).isEqualTo(MockLoopDb.latestSchemaVersion());
                assertThat(back.versionAfter()).isEqualTo(3);
                assertThat(relkind(withoutOption)).isEqualTo("r");
                assertThat(publicGrants(withoutOption)).containsExactly("request_logs:SELECT",
                        "request_logs_summary:SELECT");
                assertThat(partitions(withoutOption)).isEmpty();
                assertThat(withoutOption.requestLogs().summary()).isEqualTo(summary);
                status = withoutOption.migrations().status();
                assertThat(status.currentVersion()).isEqualTo(3); // rollback(3) also undid versions 5 and 6
                assertThat(status.latestVersion()).isEqualTo(MockLoopDb.latestSchemaVersion());
                assertThat(status.upToDate()).isFalse();
                assertThat(withoutOption.migrations().migrate().versionAfter()).isEqualTo(MockLoopDb.latestSchemaVersion());
                // the store reads and writes version 6's unmatched column: compare the rows once it is back
                assertThat(snapshot(withoutOption)).isEqualTo(before);
                long next = withoutOption.requestLogs().append(RequestLog.builder("GET", "/after-rollback", 200).build()).orElseThrow();
                assertThat(next).isGreaterThan(lastId + 1);
                assertThat(withoutOption.migrations().validate().valid()).isTrue();
                assertThat(withoutOption.maintenance().ensureRequestLogPartitions())
                        .isEqualTo(PartitionReport.NOT_PARTITIONED);
            }
        }
    }

    @Test
    void theOptionIsRefusedOutsidePostgresAndReadFromYaml() throws Exception {
        assertThatThrownBy(() -> MockLoopDb.builder().inMemory().partitionedRequestLogs(true).build())
                .isExactlyInstanceOf(ConfigurationException.class)
                .hasMessage("partitionedRequestLogs is PostgreSQL-only; it cannot be used with SQLite");
        assertThatThrownBy(() -> MockLoopDb.builder().url("jdbc:mariadb://127.0.0.1:3306/test")
                .partitionedRequestLogs(true).build())
                .isExactlyInstanceOf(ConfigurationException.class)
                .hasMessage("partitionedRequestLogs is PostgreSQL-only; it cannot be used with MySQL/MariaDB"
                        + " ('jdbc:mariadb://127.0.0.1:3306/test')");
        Path dir = Files.createTempDirectory("partition-");
        try {
            SQLiteDataSource sqlite = new SQLiteDataSource();
            sqlite.setUrl("jdbc:sqlite:" + dir.resolve("ds.db"));
            assertThatThrownBy(() -> MockLoopDb.builder().dataSource(sqlite).partitionedRequestLogs(true).build())
                    .isExactlyInstanceOf(ConfigurationException.class)
                    .hasMessage("partitionedRequestLogs is PostgreSQL-only; it cannot be used with SQLITE");
            try (var c = sqlite.getConnection(); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT count(*) FROM sqlite_master")) {
                rs.next();
                assertThat(rs.getInt(1)).as("tables migrated into the refused database").isZero();
            }

            Path yaml = dir.resolve("mockloop.yaml");
            Files.writeString(yaml, "database:\n  type: postgresql\n  host: db.example\n"
                    + "  postgresql:\n    partition_request_logs: true\n");
            assertThat(MockLoopDb.builder().yaml(yaml, java.util.Map.of()).settings().partitionedRequestLogs()).isTrue();
            Files.writeString(yaml, "database:\n  type: postgresql\n  postgresql:\n    partition_request_logs: maybe\n");
            assertThatThrownBy(() -> MockLoopDb.builder().yaml(yaml, java.util.Map.of()))
                    .isExactlyInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("database.postgresql.partition_request_logs");
            Files.writeString(yaml, "database:\n  type: sqlite\n  postgresql:\n    partition_request_logs: true\n");
            assertThatThrownBy(() -> MockLoopDb.builder().yaml(yaml, java.util.Map.of()))
                    .isExactlyInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("database.postgresql");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void partitionsAreMadeAheadOnceEvenWhenTwoCallersRaceAndTakeTheirRowsOutOfTheDefault() throws Exception {
        MockLoopDb db = TestDatabase.fresh(DbTarget.POSTGRESQL_PARTITIONED);
        Instant now = Instant.now();
        String current = month(now, 0);
        String next = month(now, 1);
        PartitionReport again = db.maintenance().ensureRequestLogPartitions();
        assertThat(again.partitioned()).isTrue();
        assertThat(again.created()).isEmpty();
        assertThat(again.partitions()).contains(current, next).endsWith("request_logs_default");

        for (int round = 0; round < 3; round++) {
            TestSupport.execute(db, "DROP TABLE " + current, "DROP TABLE " + next);
            db.requestLogs().appendAll(List.of(RequestLog.builder("GET", "/a", 200).timestamp(now).build(),
                    RequestLog.builder("GET", "/b", 200).timestamp(now).build()));
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<PartitionReport>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return db.maintenance().ensureRequestLogPartitions();
                }));
            }
            List<PartitionReport> reports = calls.stream().map(CompletableFuture::join).toList();
            List<String> created = new ArrayList<>();
            reports.forEach(r -> created.addAll(r.created()));
            assertThat(created).containsExactlyInAnyOrder(current, next);
            assertThat(reports.stream().mapToLong(PartitionReport::rowsMoved).sum()).isEqualTo(2);
            assertThat(InternalAccess.dsl(db).fetchOne("SELECT count(*) FROM request_logs_default")
                    .get(0, Long.class)).isZero();
            assertThat(InternalAccess.dsl(db).fetchOne("SELECT count(*) FROM " + current)
                    .get(0, Long.class)).isEqualTo(2);
        }
        assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(2);
        assertThat(db.migrations().validate().valid()).isTrue();
    }

    @Test
    void retentionDropsWholeExpiredMonthsAndDeletesOnlyInTheMonthAtTheCutoffAndTheDefault() {
        MockLoopDb db = TestDatabase.fresh(DbTarget.POSTGRESQL_PARTITIONED); // a partition for each month of 2025-26
        List<RequestLog> rows = new ArrayList<>();
        Instant jan = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 90; i++) { // 30 a day from January 1 to March 31, one every 48 minutes
            for (int k = 0; k < 10; k++) {
                rows.add(RequestLog.builder("GET", "/p", 200).serverId(k < 2 ? "other" : "a")
                        .timestamp(jan.plus(Duration.ofDays(i)).plus(Duration.ofMinutes(144L * k))).build());
            }
        }
        for (int i = 0; i < 10; i++) {
            rows.add(RequestLog.builder("GET", "/ancient", 200).serverId("a")
                    .timestamp(Instant.parse("1999-06-01T00:00:00Z")).build());
        }
        db.requestLogs().appendAll(rows);
        Instant cutoff = Instant.parse("2026-02-15T00:00:00Z");
        long janRows = 310; // Jan 1..31
        long febBefore = 140; // Feb 1..14
        long older = janRows + febBefore + 10;

        // with a server id: chunked delete of that server's rows, no partition dropped
        RetentionResult scoped = db.requestLogs().cleanup(cutoff, "other");
        assertThat(scoped.partitionsDropped()).isZero();
        assertThat(scoped.deleted()).isEqualTo((janRows + febBefore) / 5);
        assertThat(partitions(db)).contains("request_logs_2026_01");

        RetentionResult r = db.requestLogs().cleanup(cutoff);
        assertThat(r.partitionsDropped()).isEqualTo(13); // the twelve of 2025 (empty) and January 2026
        assertThat(r.deleted()).isEqualTo(older - scoped.deleted());
        assertThat(r.remaining()).isEqualTo(rows.size() - older);
        assertThat(r.interrupted()).isFalse();
        assertThat(partitions(db)).doesNotContain("request_logs_2026_01").contains("request_logs_2026_02",
                "request_logs_2026_03", "request_logs_default");
        assertThat(db.requestLogs().count(LogFilter.builder().to(cutoff).build())).isZero();

        // what is left below the cutoff can only be in February's partition and the default one
        DSLContext dsl = InternalAccess.dsl(db);
        String plan = String.join("\n", dsl.fetch("EXPLAIN DELETE FROM request_logs WHERE timestamp < ?",
                java.time.LocalDateTime.of(2026, 2, 15, 0, 0)).getValues(0, String.class));
        assertThat(partitionsIn(plan)).containsExactlyInAnyOrder("request_logs_2026_02", "request_logs_default");

        assertThat(db.requestLogs().cleanup(cutoff))
                .isEqualTo(new RetentionResult(0, rows.size() - older, false, 0));
    }

    @Test
    void trimmingDropsWholePastMonthsHoldingOnlyTrimmedRowsAndDeletesTheRestRowByRow() {
        MockLoopDb db = TestDatabase.fresh(DbTarget.POSTGRESQL_PARTITIONED); // a partition for each month of 2025-26
        Instant now = Instant.now();
        List<RequestLog> rows = new ArrayList<>();
        for (String month : List.of("2026-01", "2026-02", "2026-03")) { // ids rise with the months
            for (int i = 0; i < 100; i++) {
                rows.add(RequestLog.builder("GET", "/p", 200).timestamp(Instant.parse(month + "-10T00:00:00Z")
                        .plusSeconds(i)).build());
            }
        }
        rows.add(RequestLog.builder("GET", "/late", 200).timestamp(Instant.parse("2026-01-20T00:00:00Z")).build());
        db.requestLogs().appendAll(rows);

        // keep 150: January's rows but its late one go, and February's oldest 51; neither month holds only
        // trimmed rows (the late January log is among the kept), so no partition is dropped
        RetentionResult first = db.requestLogs().trimTo(150);
        assertThat(first).isEqualTo(new RetentionResult(151, 150, false, 0));
        assertThat(partitions(db)).contains("request_logs_2026_01", "request_logs_2026_02");

        // keep 50: February's 49 left all go (its partition is dropped whole), March's oldest 51 row by row
        RetentionResult second = db.requestLogs().trimTo(50);
        assertThat(second).isEqualTo(new RetentionResult(100, 50, false, 1));
        assertThat(partitions(db)).doesNotContain("request_logs_2026_02")
                .contains("request_logs_2026_01", "request_logs_2026_03", month(now, 0));
        assertThat(db.requestLogs().stream(LogFilter.builder().oldestFirst().build()).map(RequestLog::path).toList())
                .as("the 50 newest: the late January log and March's last 49").hasSize(50).contains("/late");

        // this month's partition stays even when all its rows are trimmed: new rows would land in the default one
        db.requestLogs().append(RequestLog.builder("GET", "/now", 200).timestamp(now).build());
        RetentionResult all = db.requestLogs().trimTo(0);
        assertThat(all.deleted()).isEqualTo(51);
        assertThat(all.remaining()).isZero();
        assertThat(all.partitionsDropped()).isEqualTo(2); // January and March
        assertThat(partitions(db)).doesNotContain("request_logs_2026_01", "request_logs_2026_03")
                .contains(month(now, 0), "request_logs_default");
    }

    static Set<String> partitionsIn(String plan) {
        Set<String> out = new HashSet<>();
        Matcher m = PARTITION.matcher(plan);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
