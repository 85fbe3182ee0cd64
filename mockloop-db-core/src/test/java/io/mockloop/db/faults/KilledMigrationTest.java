package io.mockloop.db.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.testing.ChildJvm;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A process migrating a fresh database is killed with SIGKILL at moments spread over its migration: every change
 * set mockloop_databasechangelog lists is wholly there and no other one has left anything behind (the schema equals the
 * reference after exactly that many change sets), and the next start completes the migration without waiting for
 * the lock the dead process held. Rerun with {@code -Dmockloop.kill.seed=N}.
 */
class KilledMigrationTest {

    /** Kills per database. */
    static final int ROUNDS = 5;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL"})
    void aMigrationKilledAtAnyMomentLeavesWholeChangeSetsAndTheNextStartCompletesIt(DbTarget target) throws Exception {
        long seed = Long.getLong("mockloop.kill.seed", System.nanoTime());
        Random random = new Random(seed);
        String seedNote = "seed " + seed + " (rerun with -Dmockloop.kill.seed=" + seed + ")";
        Path stderr = KillChecks.stderrFile("killed-migration-");
        List<String> reference = SchemaSnapshots.reference(target);
        int total = reference.size() - 1;

        int midMigration = 0;
        int views = 0;
        int lockLeftHeld = 0;
        StringBuilder landed = new StringBuilder();
        for (int round = 0; round < ROUNDS; round++) {
            // the first kill lands within 300 ms of migrate() (Liquibase creating its tables and taking its lock);
            // the others as soon as the parent sees a chosen number of change sets recorded, spread over the
            // changelog, so that the child dies in the middle of the next one
            long delay = random.nextInt(300);
            int killAfter = round == 0 ? 0 : 1 + (int) ((total - 2) * (round - 1 + random.nextDouble()) / (ROUNDS - 1));
            String context = target + " kill " + (round + 1) + " of " + ROUNDS + (round == 0 ? " after " + delay
                    + " ms" : " once " + killAfter + " change sets were recorded") + ", " + seedNote;
            try (TestDatabase tdb = TestDatabase.create(target)) {
                try (ChildJvm child = ChildJvm.start(KillChild.class, stderr, "migrate", tdb.url())) {
                    KillChecks.await(child, "MIGRATING", Duration.ofSeconds(60), context);
                    if (killAfter == 0) {
                        Thread.sleep(delay);
                    } else {
                        views += awaitChangeSets(tdb, child, killAfter, reference, context);
                    }
                    child.kill9();
                }
                int applied = KillChecks.changeSetsApplied(tdb);
                landed.append(round == 0 ? "" : ", ").append(applied);
                if (applied > 0 && applied < total) {
                    midMigration++;
                }
                boolean lockHeld = KillChecks.liquibaseLockHeld(tdb);
                if (lockHeld) {
                    lockLeftHeld++;
                }
                if (target == DbTarget.SQLITE_FILE) {
                    assertThat(KillChecks.integrity(tdb)).as(context + ": integrity_check").isEqualTo("ok");
                }
                assertThat(KillChecks.jdbc(tdb, SchemaSnapshots::of))
                        .as(context + ": the schema after the kill, with " + applied + " of " + total
                                + " change sets recorded (lock held: " + lockHeld + ")")
                        .isEqualTo(reference.get(applied));
                KillChecks.reopen(tdb, context, db -> null);
                assertThat(KillChecks.jdbc(tdb, SchemaSnapshots::of)).as(context + ": the schema after the next start")
                        .isEqualTo(reference.get(total));
            }
        }
        System.out.printf("KilledMigrationTest %s: %d kills during a migration of %d change sets, %d mid-migration"
                + " (change sets recorded at each kill: %s); Liquibase's lock left held by %d, released on the next"
                + " start; %d views of a migration in progress agreed with mockloop_databasechangelog; %s%n", target, ROUNDS, total,
                midMigration, landed, lockLeftHeld, views, seedNote);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE"})
    void twoProcessesMigratingOneFreshFileAtOnceWaitForEachOther(DbTarget target) throws Exception {
        // the process lock must not let the second treat the first's Liquibase lock as stale
        List<String> reference = SchemaSnapshots.reference(target);
        Path stderr = KillChecks.stderrFile("concurrent-migration-");
        try (TestDatabase tdb = TestDatabase.create(target);
             ChildJvm first = ChildJvm.start(KillChild.class, stderr, "migrate", tdb.url());
             ChildJvm second = ChildJvm.start(KillChild.class, stderr, "migrate", tdb.url())) {
            KillChecks.await(first, "MIGRATED", Duration.ofSeconds(120), "first migrating process");
            KillChecks.await(second, "MIGRATED", Duration.ofSeconds(120), "second migrating process");
            assertThat(first.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(second.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(KillChecks.changeSetsApplied(tdb)).isEqualTo(reference.size() - 1);
            assertThat(KillChecks.liquibaseLockHeld(tdb)).isFalse();
            assertThat(KillChecks.jdbc(tdb, SchemaSnapshots::of)).isEqualTo(reference.get(reference.size() - 1));
        }
    }

    /**
     * Polls mockloop_databasechangelog on a connection of its own until it has {@code n} rows (or the child ended). Each poll
     * reads the row count and the schema in one transaction (a consistent view) and checks that they agree: a change
     * set is never visible before its row, nor its row before it.
     *
     * @return how many views were checked
     */
    private static int awaitChangeSets(TestDatabase tdb, ChildJvm child, int n, List<String> reference,
                                       String context) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int views = 0;
        try (Connection c = DriverManager.getConnection(tdb.url())) {
            c.setAutoCommit(false);
            if (tdb.target() == DbTarget.POSTGRESQL) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            while (child.isAlive()) {
                int applied;
                String schema;
                try {
                    applied = KillChecks.tableExists(c, "mockloop_databasechangelog")
                            ? Integer.parseInt(KillChecks.column(c, "SELECT COUNT(*) FROM mockloop_databasechangelog").get(0)) : 0;
                    schema = SchemaSnapshots.of(c);
                } finally {
                    c.rollback();
                }
                if (applied < reference.size()) { // mockloop_databasechangelog may be there before its first row
                    views++;
                    assertThat(schema).as(context + ": the schema seen by another connection while " + applied
                            + " change sets were recorded").isEqualTo(reference.get(applied));
                }
                if (applied >= n) {
                    return views;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(context + ": " + n + " change sets not recorded within 120 s; stderr:\n"
                            + KillChecks.stderrOf(child));
                }
                Thread.sleep(3); // leave the child the CPU
            }
        }
        return views;
    }
}
