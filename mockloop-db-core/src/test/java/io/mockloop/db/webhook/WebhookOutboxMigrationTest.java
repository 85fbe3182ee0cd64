package io.mockloop.db.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.migration.MigrationReport;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import org.jooq.impl.DSL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Schema version 3 "Webhook outbox" rolls back to version 2 without losing data and applies again. */
class WebhookOutboxMigrationTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void version3RollsBackKeepingEarlierRowsAndAppliesAgain(DbTarget target) throws SQLException {
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            assertThat(db.migrations().latestVersion()).isEqualTo(MockLoopDb.latestSchemaVersion());
            WebhookFixtures.server(db, "petstore");
            Webhook w = db.webhooks().create("petstore", WebhookSpec.of("a", "http://h/a", "server.started"));
            db.webhooks().publish("petstore", "server.started", "{}");
            ClaimedDelivery c = db.webhooks().claimDue(1, "w").get(0);
            db.webhooks().recordAttempt(c, AttemptOutcome.response(200, "ok", Duration.ofMillis(1)));

            MigrationReport back = db.migrations().rollback(2);
            assertThat(back.versionBefore()).isEqualTo(MockLoopDb.latestSchemaVersion());
            // every version-3 change set is undone and no data change set of version 2; the foundation's
            // rollback-to-tag also undoes the "v2-tag" change set itself (reported to the lead), which is why
            // back.versionAfter() says 1 here rather than 2
            assertThat(back.changeSets()).filteredOn(id -> id.startsWith("v3-")).hasSize(5);
            assertThat(back.changeSets()).noneMatch(id -> id.startsWith("v2-0") || id.startsWith("v1-"));
            assertThat(versions(db)).isEqualTo(2);
            assertThat(hasTable(db, "webhook_outbox")).isFalse();
            assertThat(hasColumn(db, "webhook_deliveries", "outbox_id")).isFalse();
            assertThat(InternalAccess.dsl(db).fetchCount(DSL.table(DSL.name("webhooks")))).isEqualTo(1);
            assertThat(InternalAccess.dsl(db).fetchCount(DSL.table(DSL.name("webhook_deliveries")))).isEqualTo(1);

            MigrationReport forward = db.migrations().migrate();
            assertThat(forward.versionAfter()).isEqualTo(MockLoopDb.latestSchemaVersion());
            assertThat(versions(db)).isEqualTo(5); // 1, 2, 3, 5, 6 (4 is optional)
            assertThat(hasColumn(db, "webhook_deliveries", "outbox_id")).isTrue();
            var report = db.migrations().validate();
            // (checksum drift of some version-1 change sets is reported on SQLite and PostgreSQL by the foundation's
            // validate() even on a fresh database; that is not version 3's doing and is reported to the lead)
            assertThat(report.currentVersion()).isEqualTo(MockLoopDb.latestSchemaVersion());
            assertThat(report.schemaDifferences()).isEmpty();
            assertThat(report.pending()).isEmpty();
            assertThat(report.checksumDrift()).noneMatch(line -> line.startsWith("v3-"));
            assertThat(db.webhooks().get(w.id()).name()).isEqualTo("a");
            assertThat(db.webhooks().publish("petstore", "server.started", "{}")).hasSize(1);
        }
    }

    private static int versions(MockLoopDb db) {
        return InternalAccess.dsl(db).fetchCount(DSL.table(DSL.name("schema_version")));
    }

    private static boolean hasTable(MockLoopDb db, String table) throws SQLException {
        return hasColumn(db, table, null);
    }

    private static boolean hasColumn(MockLoopDb db, String table, String column) throws SQLException {
        try (Connection c = InternalAccess.dataSource(db).getConnection();
             ResultSet rs = c.getMetaData().getColumns(c.getCatalog(),
                     db.databaseType() == io.mockloop.db.DatabaseType.POSTGRESQL ? c.getSchema() : null, table, null)) {
            while (rs.next()) {
                if (column == null || rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT).equals(column)) {
                    return true;
                }
            }
            return false;
        }
    }
}
