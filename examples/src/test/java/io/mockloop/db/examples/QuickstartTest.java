package io.mockloop.db.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Quickstart keeps working: run its main on a fresh file, twice, and read what it printed. */
class QuickstartTest {

    private static final int LATEST = MockLoopDb.latestSchemaVersion();

    @TempDir
    Path dir;

    @Test
    void mainMigratesAFreshDatabaseAndPrintsItsStatusTheSameOnEveryRun() {
        Path file = dir.resolve("nested").resolve("quickstart.db");

        String first = runMain(file.toString());
        String second = runMain(file.toString());

        assertThat(file).exists();
        assertThat(first).contains("mockloop-db quickstart",
                "database:  " + file.toAbsolutePath().normalize() + " (SQLITE)",
                "schema:    version " + LATEST + " of " + LATEST + ", up to date",
                "settings:  log retention 30 days, at most 100000 log entries, webhook timeout 30 s");
        assertThat(second).isEqualTo(first);
    }

    private static String runMain(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Quickstart.main(args);
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
