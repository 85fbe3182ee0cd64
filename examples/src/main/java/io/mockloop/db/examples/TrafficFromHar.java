package io.mockloop.db.examples;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.ImportReport;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.scenario.FreezeOptions;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.server.MockServer;
import io.mockloop.db.server.ServerRegistration;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Traffic a browser recorded, turned into request logs and a report: import a HAR file saved by Chrome's DevTools
 * (the bundled {@code har/petstore-session.har}, or the file given as the first argument) into a server's request
 * logs, import it again to see that nothing is added twice, freeze what the browser received into a scenario and
 * resolve a request through it, and write the self-contained HTML traffic report (to the second argument, or a new
 * file in the temporary directory). Runs on an in-memory SQLite database.
 */
public final class TrafficFromHar {

    private TrafficFromHar() {
    }

    /**
     * @param args optional: the HAR file to import, then the report file to write (must not exist)
     * @throws IOException when the HAR cannot be copied or the report written
     */
    public static void main(String[] args) throws IOException {
        Path har = args.length > 0 ? Path.of(args[0]) : bundledHar();
        Path html = args.length > 1 ? Path.of(args[1]) : Files.createTempFile("mockloop-traffic-", ".html");
        try (MockLoopDb db = MockLoopDb.inMemory()) {
            MockServer server = db.servers().register(
                    ServerRegistration.of("Pet Store", "specs/petstore.yaml", "generated/petstore"));

            ImportReport first = db.requestLogs().importHar(har, server.id());
            System.out.printf("imported %d of %d HAR entries into %s%n", first.imported(), first.read(),
                    server.id());
            first.skipReasons().forEach((reason, n) -> System.out.printf("  skipped %d: %s%n", n,
                    reason.description()));
            ImportReport again = db.requestLogs().importHar(har, server.id());
            System.out.printf("imported again: %d new, %d already present%n", again.imported(),
                    again.alreadyPresent());

            // what the browser received becomes a scenario the mock server can replay
            db.scenarios().createFromTraffic(server.id(), "from-chrome", LogFilter.builder().server(server.id())
                    .build(), FreezeOptions.DEFAULTS.withMedianDelay(true));
            db.scenarios().activate(server.id(), "from-chrome");
            ResolvedResponse pet = db.mockResponses().resolve(server.id(), "GET", "/api/pets/42").orElseThrow();
            System.out.printf("frozen into scenario from-chrome: GET /api/pets/42 -> %d %s (after %d ms)%n",
                    pet.status(), pet.body().orElse(""), pet.delayMs());

            try (OutputStream out = Files.newOutputStream(html)) {
                long logs = db.requestLogs().report(LogFilter.builder().server(server.id()).build(), out);
                System.out.printf("wrote a traffic report of %d request logs to %s (%d bytes): open it in a browser%n",
                        logs, html, Files.size(html));
            }
        }
    }

    private static Path bundledHar() throws IOException {
        Path copy = Files.createTempFile("petstore-session-", ".har");
        copy.toFile().deleteOnExit();
        try (InputStream in = TrafficFromHar.class.getResourceAsStream("/har/petstore-session.har")) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy;
    }
}
