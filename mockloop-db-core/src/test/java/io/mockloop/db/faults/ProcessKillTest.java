package io.mockloop.db.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.testing.ChildJvm;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A process appending request logs through the async writer is killed with SIGKILL at a random moment, again and
 * again on one database: whatever {@code flush()} acknowledged is stored, the file is sound, and the database opens
 * and migrates cleanly with Liquibase's lock free. The seed is printed in every failure; rerun one with
 * {@code -Dmockloop.kill.seed=N}.
 */
class ProcessKillTest {

    /** Kills per database. */
    static final int ROUNDS = 20;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL"})
    void everyAcknowledgedLogSurvivesASigkillAtARandomMoment(DbTarget target) throws Exception {
        long seed = Long.getLong("mockloop.kill.seed", System.nanoTime());
        Random random = new Random(seed);
        String seedNote = "seed " + seed + " (rerun with -Dmockloop.kill.seed=" + seed + ")";
        Path stderr = KillChecks.stderrFile("process-kill-");
        int whileWriting = 0;
        long openMillis = 0;
        int lockLeftHeld = 0;
        long acknowledged = 0;
        try (TestDatabase tdb = TestDatabase.create(target)) {
            tdb.builder().poolSize(1).build().close(); // migrated once: the rounds reopen it
            for (int round = 0; round < ROUNDS; round++) {
                String context = target + " kill " + (round + 1) + " of " + ROUNDS + ", " + seedNote;
                String tag = "r" + round;
                // most kills land while logs flow (the child opens without Liquibase, which halves its start);
                // one in four, and the first, opens migrating on start and is killed anywhere in the opening
                // (pool, Liquibase's lock and check) as timed by the first round, or just after
                boolean duringOpen = round == 0 || random.nextInt(4) == 0;
                List<String> lines = new ArrayList<>();
                try (ChildJvm child = ChildJvm.start(KillChild.class, stderr, "write", tdb.url(), tag,
                        String.valueOf(random.nextLong()), String.valueOf(duringOpen))) {
                    KillChecks.await(child, "STARTED", Duration.ofSeconds(60), context);
                    long started = System.nanoTime();
                    if (duringOpen && openMillis > 0) {
                        Thread.sleep(random.nextInt((int) openMillis + 1));
                    } else {
                        lines.add(KillChecks.await(child, "READY", Duration.ofSeconds(60), context));
                        if (duringOpen) {
                            openMillis = (System.nanoTime() - started) / 1_000_000;
                        }
                        Thread.sleep(random.nextInt(400));
                    }
                    child.kill9();
                    lines.addAll(child.drain());
                }
                if (lines.contains("READY")) {
                    whileWriting++;
                }
                int acked = lines.stream().filter(l -> l.startsWith("ACK ")).mapToInt(l -> Integer.parseInt(l.substring(4)))
                        .max().orElse(0);
                acknowledged += acked;

                if (target == DbTarget.SQLITE_FILE) {
                    assertThat(KillChecks.integrity(tdb)).as(context + ": integrity_check").isEqualTo("ok");
                }
                if (KillChecks.liquibaseLockHeld(tdb)) {
                    lockLeftHeld++;
                }
                List<String> paths = KillChecks.jdbc(tdb, c -> KillChecks.column(c,
                        "SELECT path FROM request_logs WHERE path LIKE '/kill/" + tag + "/%'"));
                Set<Integer> stored = new HashSet<>();
                for (String p : paths) {
                    stored.add(Integer.parseInt(p.substring(p.lastIndexOf('/') + 1)));
                }
                Set<Integer> missing = new TreeSet<>();
                for (int i = 0; i < acked; i++) {
                    if (!stored.contains(i)) {
                        missing.add(i);
                    }
                }
                assertThat(missing).as(context + ": acknowledged logs 0.." + (acked - 1) + " missing after the kill")
                        .isEmpty();
                assertThat(paths).as(context + ": a log stored twice").hasSameSizeAs(stored);
                KillChecks.reopen(tdb, context, db -> null);
            }
        }
        System.out.printf("ProcessKillTest %s: %d kills (%d while logs flowed, the others while opening), %d logs acknowledged, all present;"
                + " Liquibase's lock found held after %d kills and released on reopening; %s%n", target, ROUNDS,
                whileWriting, acknowledged, lockLeftHeld, seedNote);
    }
}
