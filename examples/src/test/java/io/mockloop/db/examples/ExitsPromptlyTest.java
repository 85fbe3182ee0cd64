package io.mockloop.db.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program that closes its MockLoopDb ends: its JVM exits within 2 s of its last line, because nothing the library
 * started is left running (and what JDBC drivers start for the whole JVM are daemons). Run as real child JVMs with
 * every driver on the class path, also after a {@code jdbc:mysql:} URL was used.
 */
class ExitsPromptlyTest {

    private static final long LIMIT_MILLIS = 2_000;

    @TempDir
    Path dir;

    @Test
    void theQuickstartsJvmExitsWithinTwoSecondsOfItsLastLine() throws Exception {
        Run run = run(Quickstart.class, Map.of(), dir.resolve("quickstart.db").toString());
        assertThat(run.lines()).anySatisfy(l -> assertThat(l).startsWith("8. cleaned up"));
        assertThat(run.millisFromLastLineToExit()).as("ms from the last line to exit").isLessThan(LIMIT_MILLIS);
    }

    @Test
    void aProgramThatUsedAJdbcMysqlUrlExitsWithinTwoSecondsOfItsLastLine() throws Exception {
        try (TestDatabase tdb = TestDatabase.create(DbTarget.MYSQL)) {
            assertThat(tdb.url()).startsWith("jdbc:mysql:");
            Run run = run(PostgresAndMySql.class, Map.of("MOCKLOOP_DB_URL", tdb.url()));
            assertThat(run.lines()).anySatisfy(l -> assertThat(l).startsWith("cleaned up"));
            assertThat(run.millisFromLastLineToExit()).as("ms from the last line to exit").isLessThan(LIMIT_MILLIS);
        }
    }

    private record Run(List<String> lines, long millisFromLastLineToExit) {
    }

    private static Run run(Class<?> main, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("MOCKLOOP_DB_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        long lastLine = System.nanoTime();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                lastLine = System.nanoTime();
            }
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
        long exited = System.nanoTime();
        assertThat(p.exitValue()).as(String.join("\n", lines)).isZero();
        return new Run(lines, TimeUnit.NANOSECONDS.toMillis(exited - lastLine));
    }
}
