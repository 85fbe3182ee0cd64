package io.mockloop.db.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TrafficFromHar keeps working: the bundled Chrome HAR imports once, the frozen scenario answers what was recorded,
 * and the report is a page with charts.
 */
class TrafficFromHarTest {

    @TempDir
    Path dir;

    @Test
    void theBundledHarIsImportedOnceAndReportedAsAPageWithCharts() throws Exception {
        Path html = dir.resolve("report.html");

        String out = Console.capture(() -> TrafficFromHar.main(new String[] {harCopy().toString(), html.toString()}));

        assertThat(out).contains("imported 4 of 6 HAR entries into pet-store",
                "imported again: 0 new, 4 already present",
                "frozen into scenario from-chrome: GET /api/pets/42 -> 404 {\"error\":\"not found\"} (after 16 ms)",
                "wrote a traffic report of 4 request logs to " + html);
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("<svg class=\"chart\"",
                "/api/pets/{id}");
    }

    @Test
    void withoutArgumentsItUsesTheBundledHar() throws Exception {
        String out = Console.capture(() -> TrafficFromHar.main(new String[0]));

        assertThat(out).contains("imported 4 of 6 HAR entries", "imported again: 0 new");
        Path written = Path.of(out.substring(out.indexOf(" to ") + 4, out.indexOf(" (", out.indexOf(" to "))));
        assertThat(written).exists();
        Files.delete(written);
    }

    private Path harCopy() throws Exception {
        Path har = dir.resolve("session.har");
        try (var in = TrafficFromHarTest.class.getResourceAsStream("/har/petstore-session.har")) {
            Files.copy(in, har);
        }
        return har;
    }
}
