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
        Path har = file.resolveSibling("quickstart.har");

        String first = Console.capture(() -> Quickstart.main(new String[] {file.toString()}));
        String second = Console.capture(() -> Quickstart.main(new String[] {file.toString()}));

        assertThat(file).exists();
        assertThat(first).contains("mockloop-db quickstart",
                "database:  " + file.toAbsolutePath().normalize() + " (SQLITE)",
                "schema:    version " + LATEST + " of " + LATEST + ", up to date",
                "settings:  log retention 30 days, at most 100000 log entries, webhook timeout 30 s",
                "1. registered server 'Pet Store' on port 8080",
                "3. active happy-path   (was none): GET /pets/42 -> 200 {\"id\": 42, \"name\": \"Rex\"}",
                "3. active pets-missing (was happy-path): GET /pets/42 -> 404 {\"error\": \"no such pet\"}",
                "2. created scenarios [happy-path, pets-missing] and a default response for GET /health",
                "4. logged 200 requests through the async writer: 200 written, 0 dropped",
                "5. 200 logs; the newest 3:",
                "     GET /health -> 200 in ",
                "ms (default response)",
                "     GET /pets/42 -> 404 in ",
                "ms (scenario pets-missing)",
                "6. per endpoint:",
                "     GET /health   100 requests, 0% errors, p50 ",
                "     GET /pets/42  100 requests, 50% errors, p50 ",
                "7. exported 200 logs as HAR to " + har + " (",
                "8. cleaned up: server 'Pet Store', its scenarios and 200 logs deleted");
        assertThat(first).containsPattern("p50 \\d+ ms, p95 \\d+ ms, p99 \\d+ ms");
        assertThat(har).isNotEmptyFile().content().startsWith("{").contains("\"entries\"", "/pets/42");
        assertThat(first.lines()).hasSizeLessThanOrEqualTo(30);
        // it cleans up after itself, so a second run prints the same (the HAR's size varies with its timestamps)
        assertThat(withoutSizes(second)).isEqualTo(withoutSizes(first));
        try (MockLoopDb db = MockLoopDb.open(file)) {
            assertThat(db.servers().list()).isEmpty();
        }
    }

    private static String withoutSizes(String out) {
        return out.replaceAll("\\(\\d+ bytes\\)", "(n bytes)");
    }
}
