package io.mockloop.db.examples;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.config.ConfigStore;
import io.mockloop.db.migration.MigrationStatus;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.MockServer;
import io.mockloop.db.server.ServerRegistration;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A short tour of mockloop-db on the default database, the SQLite file {@code ./db/mockloop.db} (created with its
 * directory when absent): open and migrate, register a server, create two scenarios, switch between them and
 * resolve a response, then clean up. It removes what it wrote, so it can run again and again.
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

            // 2. two scenarios: the same endpoint answered two ways
            db.scenarios().create(NewScenario.of(server.id(), "happy-path", new ScenarioConfig(List.of(
                    EndpointResponse.of("GET", "/pets/{petId}", 200, "{\"id\": 42, \"name\": \"Rex\"}")), Map.of())));
            db.scenarios().create(NewScenario.of(server.id(), "pets-missing", new ScenarioConfig(List.of(
                    EndpointResponse.of("GET", "/pets/{petId}", 404, "{\"error\": \"no such pet\"}")), Map.of())));
            out.println("2. created scenarios " + db.scenarios().list(server.id()).stream()
                    .map(s -> s.name()).toList());

            // 3. switch between them; each switch changes what a request resolves to
            for (String scenario : List.of("happy-path", "pets-missing")) {
                String previous = db.scenarios().activate(server.id(), scenario).map(s -> s.name()).orElse("none");
                ResolvedResponse r = db.mockResponses().resolve(server.id(), "GET", "/pets/42").orElseThrow();
                out.printf("3. active %-12s (was %s): GET /pets/42 -> %d %s%n", scenario, previous, r.status(),
                        r.body().orElse(""));
            }

            // 8. clean up: deleting the server deletes its scenarios and responses
            db.servers().delete(server.id());
            out.println("8. cleaned up: server '" + server.name() + "' and its scenarios deleted");
        }
    }
}
