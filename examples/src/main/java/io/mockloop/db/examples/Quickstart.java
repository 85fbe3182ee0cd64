package io.mockloop.db.examples;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.config.ConfigStore;
import io.mockloop.db.log.EndpointStats;
import io.mockloop.db.log.ExportFormat;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.LogPage;
import io.mockloop.db.log.LogWriter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.RetentionResult;
import io.mockloop.db.log.WriterSettings;
import io.mockloop.db.log.WriterStats;
import io.mockloop.db.migration.MigrationStatus;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.MockResponseResolver;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.scenario.Scenario;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.MockServer;
import io.mockloop.db.server.ServerRegistration;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A short tour of mockloop-db on the default database, the SQLite file {@code ./db/mockloop.db} (created with its
 * directory when absent): register a server, create two scenarios, switch between them and resolve a response, log
 * traffic through the asynchronous writer, read a page of logs, print statistics with percentiles, export the
 * traffic as HAR next to the database, and clean up. It removes what it wrote (except the HAR file), so it can run
 * again and again.
 *
 * <p>Run it with {@code mvn -q -pl examples exec:java}, or pass another SQLite file as the first argument
 * ({@code -Dexec.args=/tmp/demo.db}).
 */
public final class Quickstart {

    private Quickstart() {
    }

    /**
     * @param args optionally the SQLite file to use instead of {@code ./db/mockloop.db}
     */
    public static void main(String[] args) {
        Path file = args.length > 0 ? Path.of(args[0]) : MockLoopDb.DEFAULT_SQLITE_FILE;
        run(file, System.out);
    }

    static void run(Path file, PrintStream out) {
        // open() creates the file (and its directory) when absent and applies every pending migration
        try (MockLoopDb db = MockLoopDb.open(file)) {
            MigrationStatus status = db.migrations().status();
            ConfigStore config = db.config();

            out.println("mockloop-db quickstart");
            out.println("  database:  " + file.toAbsolutePath().normalize() + " (" + db.databaseType() + ")");
            out.println("  schema:    version " + status.currentVersion() + " of " + status.latestVersion()
                    + (status.upToDate() ? ", up to date" : ", " + status.pending().size() + " change sets pending")
                    + " (" + status.applied().size() + " change sets applied)");
            out.println("  settings:  log retention " + config.logRetentionDays() + " days, at most "
                    + config.maxLogEntries() + " log entries, webhook timeout "
                    + config.webhookTimeout().toSeconds() + " s");

            // 1. a mock server, as MockLoop registers one when it generates it from an OpenAPI spec
            MockServer server = db.servers().register(
                    ServerRegistration.of("Pet Store", "specs/petstore.yaml", "generated/petstore").withPort(8080));
            out.println("1. registered server '" + server.name() + "' on port " + server.port().orElseThrow()
                    + " (" + server.status() + ")");

            // 2. two scenarios answering the same endpoint two ways, and a default response for every scenario
            db.scenarios().create(NewScenario.of(server.id(), "happy-path", new ScenarioConfig(List.of(
                    EndpointResponse.of("GET", "/pets/{petId}", 200, "{\"id\": 42, \"name\": \"Rex\"}")), Map.of())));
            db.scenarios().create(NewScenario.of(server.id(), "pets-missing", new ScenarioConfig(List.of(
                    EndpointResponse.of("GET", "/pets/{petId}", 404, "{\"error\": \"no such pet\"}")), Map.of())));
            db.mockResponses().add(server.id(), MockResponseSpec.of("GET", "/health").withResponse(200, "ok")
                    .asDefault(true));
            out.println("2. created scenarios " + db.scenarios().list(server.id()).stream().map(Scenario::name)
                    .toList() + " and a default response for GET /health");

            // 3. switch between them; each switch changes what a request resolves to
            for (String scenario : List.of("happy-path", "pets-missing")) {
                String previous = db.scenarios().activate(server.id(), scenario).map(Scenario::name).orElse("none");
                ResolvedResponse r = db.mockResponses().resolve(server.id(), "GET", "/pets/42").orElseThrow();
                out.printf("3. active %-12s (was %s): GET /pets/42 -> %d %s%n", scenario, previous, r.status(),
                        r.body().orElse(""));
            }

            // 4. traffic: 200 requests answered under each scenario in turn, logged by the asynchronous writer
            //    (enqueue never waits for the database; the writer stores logs in batches on its own thread)
            //    the resolver caches responses per server and sees scenario switches at once, as a mock server would
            MockResponseResolver resolver = db.mockResponses().resolver();
            try (LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS)) {
                for (int i = 0; i < 200; i++) {
                    if (i % 100 == 0) {
                        db.scenarios().activate(server.id(), i == 0 ? "happy-path" : "pets-missing");
                    }
                    String path = i % 2 == 0 ? "/pets/42" : "/health";
                    ResolvedResponse r = resolver.resolve(server.id(), "GET", path).orElseThrow();
                    writer.enqueue(RequestLog.builder("GET", path, r.status())
                            .serverId(server.id())
                            .scenarioName(r.scenario().orElse(null))
                            .responseTimeMs(3 + (i * 37) % 120) // made-up latencies, the same on every run
                            .responseBody(r.body().orElse(null))
                            .build());
                }
                writer.flush(Duration.ofSeconds(10));
                WriterStats stats = writer.stats();
                out.println("4. logged 200 requests through the async writer: " + stats.written() + " written, "
                        + stats.dropped() + " dropped");
            }

            // 5. query: one keyset page, newest first (pass page.nextCursor() to get the next one)
            LogFilter mine = LogFilter.builder().server(server.id()).build();
            LogPage page = db.requestLogs().page(mine, 3);
            out.println("5. " + db.requestLogs().count(mine) + " logs; the newest 3:");
            for (RequestLog log : page.items()) {
                out.println("     " + log.method() + " " + log.path() + " -> " + log.responseStatus() + " in "
                        + log.responseTimeMs() + " ms ("
                        + (log.scenarioName() == null ? "default response" : "scenario " + log.scenarioName()) + ")");
            }

            // 6. statistics per endpoint, with percentiles of the response time
            out.println("6. per endpoint:");
            for (EndpointStats s : db.requestLogs().endpointStats(mine)) {
                out.printf("     %s %-9s %d requests, %.0f%% errors, p50 %.0f ms, p95 %.0f ms, p99 %.0f ms%n",
                        s.method(), s.path(), s.count(), 100 * s.errorRate(), s.p50Ms().orElse(0),
                        s.p95Ms().orElse(0), s.p99Ms().orElse(0));
            }

            // 7. export as HAR 1.2 (open it in a browser's developer tools), next to the database
            Path har = file.toAbsolutePath().normalize().resolveSibling("quickstart.har");
            try {
                long n;
                try (OutputStream os = Files.newOutputStream(har)) {
                    n = db.requestLogs().export(mine, ExportFormat.HAR, os);
                }
                out.println("7. exported " + n + " logs as HAR to " + har + " (" + Files.size(har) + " bytes)");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + har, e);
            }

            // 8. clean up: deleting the server deletes its scenarios and responses; its logs are kept until deleted
            db.servers().delete(server.id());
            RetentionResult deleted = db.requestLogs().cleanup(Instant.now().plusSeconds(1), server.id());
            out.println("8. cleaned up: server '" + server.name() + "', its scenarios and " + deleted.deleted()
                    + " logs deleted");
        }
    }
}
