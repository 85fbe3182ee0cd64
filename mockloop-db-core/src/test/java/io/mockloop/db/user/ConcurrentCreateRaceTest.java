package io.mockloop.db.user;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.ChildJvm;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two processes create {@code Alice<n>} and {@code alice<n>} (even rounds), or two users with the e-mail addresses
 * {@code Mail<n>@example.com} and {@code mail<n>@example.com} (odd rounds), at the same instant, 50 rounds: every
 * round leaves exactly one user, and the other process gets a {@link io.mockloop.db.ConflictException} naming the
 * field, whether the store's own check saw the winner or the database's unique index refused the insert.
 *
 * <p>One pair of child JVMs per database runs all rounds, started on a shared clock (a go file holding the start
 * instant; rounds {@value #PERIOD_MILLIS} ms apart).
 */
class ConcurrentCreateRaceTest {

    private static final int ROUNDS = 50;
    private static final long PERIOD_MILLIS = 120;
    private static final Duration LINE_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void twoProcessesCreatingCaseVariantsAtTheSameMomentLeaveOneUserAndAConflictNamingTheField(DbTarget target)
            throws Exception {
        Path go = tmp.resolve("go");
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            try (ChildJvm upper = ChildJvm.start(CreateRaceChild.class, tmp.resolve("upper.err"), tdb.url(), "upper",
                         go.toString(), Integer.toString(ROUNDS), Long.toString(PERIOD_MILLIS));
                 ChildJvm lower = ChildJvm.start(CreateRaceChild.class, tmp.resolve("lower.err"), tdb.url(), "lower",
                         go.toString(), Integer.toString(ROUNDS), Long.toString(PERIOD_MILLIS))) {
                assertThat(upper.nextLine(LINE_TIMEOUT)).as("upper: %s", upper).isEqualTo("ready");
                assertThat(lower.nextLine(LINE_TIMEOUT)).as("lower: %s", lower).isEqualTo("ready");
                Path tmpGo = Files.writeString(tmp.resolve("go.tmp"), Long.toString(System.currentTimeMillis() + 300));
                Files.move(tmpGo, go, StandardCopyOption.ATOMIC_MOVE);

                List<String> a = outcomes(upper);
                List<String> b = outcomes(lower);
                int byCheck = 0;
                int byIndex = 0;
                for (int round = 0; round < ROUNDS; round++) {
                    String field = round % 2 == 0 ? "username" : "email";
                    List<String> both = List.of(a.get(round), b.get(round));
                    assertThat(both).as("round %d", round).filteredOn(o -> o.equals("OK")).hasSize(1);
                    String loser = both.get(both.get(0).equals("OK") ? 1 : 0);
                    assertThat(loser).as("round %d", round).startsWith("CONFLICT " + field + " '");
                    if (loser.contains("concurrent create")) {
                        byIndex++;
                    } else {
                        byCheck++;
                    }
                }
                Map<String, Integer> doubles = doubles(db);
                assertThat(doubles).as("case variants stored twice").isEmpty();
                assertThat(db.users().count()).isEqualTo(ROUNDS + 2 * 20);
                System.out.printf("ConcurrentCreateRaceTest %s: %d rounds, 0 doubles; the loser was refused by the"
                        + " store's check in %d rounds and by the database's unique index in %d%n", target, ROUNDS,
                        byCheck, byIndex);
            }
        }
    }

    /** @return the child's outcome per round ("OK", "CONFLICT msg", "ERROR msg"), after its DONE */
    private static List<String> outcomes(ChildJvm child) throws InterruptedException {
        List<String> out = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            String line = child.nextLine(LINE_TIMEOUT);
            assertThat(line).as("round %d of %s", round, child).startsWith("R " + round + " ");
            out.add(line.substring(("R " + round + " ").length()));
        }
        assertThat(child.nextLine(LINE_TIMEOUT)).isEqualTo("DONE");
        return out;
    }

    /** @return folded user names and e-mail addresses stored more than once, with their count */
    private static Map<String, Integer> doubles(MockLoopDb db) {
        Map<String, Integer> out = new TreeMap<>();
        for (String column : List.of("username", "email")) {
            InternalAccess.dsl(db).fetch("SELECT lower(" + column + "), COUNT(*) FROM users WHERE " + column
                    + " IS NOT NULL GROUP BY lower(" + column + ") HAVING COUNT(*) > 1")
                    .forEach(r -> out.put(column + " " + r.get(0, String.class), r.get(1, Integer.class)));
        }
        return out;
    }
}
