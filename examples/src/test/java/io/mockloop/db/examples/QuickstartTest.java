package io.mockloop.db.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Quickstart keeps working: run its main on a fresh file, twice, and read what it printed. */
class QuickstartTest {

    private static final int LATEST = MockLoopDb.latestSchemaVersion();

    @TempDir
    Path dir;

    @Test
    void mainTakesTheTourOnAFreshDatabaseAndLeavesItAsItFoundIt() throws Exception {
        Path file = dir.resolve("nested").resolve("quickstart.db");

        String first = Console.capture(() -> Quickstart.main(new String[] {file.toString()}));
        String second = Console.capture(() -> Quickstart.main(new String[] {file.toString()}));

        assertThat(file).exists();
        assertThat(first).contains("mockloop-db quickstart",
                "database:  " + file.toAbsolutePath().normalize() + " (SQLITE)",
                "schema:    version " + LATEST + " of " + LATEST + ", up to date",
                "settings:  log retention 30 days, at most 100000 log entries, webhook timeout 30 s",
                "1. registered server 'Pet Store' on port 8080",
                "2. created scenarios [happy-path, pets-missing]",
                "3. active happy-path   (was none): GET /pets/42 -> 200 {\"id\": 42, \"name\": \"Rex\"}",
                "3. active pets-missing (was happy-path): GET /pets/42 -> 404 {\"error\": \"no such pet\"}",
                "8. cleaned up");
        assertThat(first.lines()).hasSizeLessThanOrEqualTo(30);
        // it cleans up after itself, so a second run prints the same
        assertThat(second).isEqualTo(first);
        try (MockLoopDb db = MockLoopDb.open(file)) {
            assertThat(db.servers().list()).isEmpty();
        }
    }
}
