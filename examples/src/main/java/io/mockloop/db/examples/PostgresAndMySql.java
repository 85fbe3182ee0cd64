package io.mockloop.db.examples;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.EndpointStats;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.migration.MigrationStatus;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.MockServer;
import io.mockloop.db.server.ServerRegistration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The same code on PostgreSQL, MySQL or MariaDB: only the URL changes. {@link MockLoopDb#fromEnv()} reads
 * {@code MOCKLOOP_DB_URL} (plus {@code MOCKLOOP_DB_USER} and {@code MOCKLOOP_DB_PASSWORD}, or user and password as
 * URL parameters) and migrates the schema on open.
 *
 * <pre>
 * MOCKLOOP_DB_URL='jdbc:postgresql://127.0.0.1:5432/mockloop?user=postgres' \
 *     mvn -q -pl examples exec:java -Dexec.mainClass=io.mockloop.db.examples.PostgresAndMySql
 * MOCKLOOP_DB_URL='jdbc:mariadb://127.0.0.1:3306/mockloop?user=root' ...   (MariaDB Connector/J)
 * MOCKLOOP_DB_URL='jdbc:mysql://127.0.0.1:3306/mockloop?user=root' ...     (MySQL Connector/J)
 * </pre>
 *
 * With no {@code MOCKLOOP_DB_*} variable set it runs on the default SQLite file. It removes what it wrote, so it
 * can run again and again on the same database.
 */
public final class PostgresAndMySql {

    private PostgresAndMySql() {
    }

    /** @param args ignored: the database comes from the environment */
    public static void main(String[] args) {
        if (System.getenv("MOCKLOOP_DB_URL") == null) {
            System.out.println("MOCKLOOP_DB_URL is not set: using the default SQLite file");
        }
        try (MockLoopDb db = MockLoopDb.fromEnv()) {
            MigrationStatus status = db.migrations().status();
            // the URL without its parameters, which may hold a password
            String where = db.settings().url().orElseThrow().replaceFirst("[?;].*", "");
            System.out.println("connected to " + db.databaseType() + " at " + where
                    + ", schema version " + status.currentVersion() + (status.upToDate() ? " (up to date)" : ""));

            MockServer server = db.servers().register(ServerRegistration.of("Orders API", "specs/orders.yaml",
                    "generated/orders"));
            db.scenarios().create(NewScenario.of(server.id(), "open-orders", new ScenarioConfig(List.of(
                    EndpointResponse.of("GET", "/orders/{orderId}", 200, "{\"state\": \"open\"}")), Map.of())));
            db.scenarios().activate(server.id(), "open-orders");
            ResolvedResponse r = db.mockResponses().resolve(server.id(), "GET", "/orders/17").orElseThrow();
            System.out.println("GET /orders/17 -> " + r.status() + " " + r.body().orElse("") + " (orderId="
                    + r.pathParams().get("orderId") + ", scenario " + r.scenario().orElse("-") + ")");

            System.out.println("servers: " + db.servers().list().size() + ", active scenarios: "
                    + db.scenarios().activeScenarios().size());

            // request logs: a batch in one transaction, then a count and response-time percentiles
            List<RequestLog> traffic = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                traffic.add(RequestLog.builder("GET", "/orders/" + (i % 5), i % 10 == 0 ? 500 : 200)
                        .serverId(server.id()).responseTimeMs(10 + i).build());
            }
            db.requestLogs().appendAll(traffic);
            LogFilter mine = LogFilter.builder().server(server.id()).build();
            LogFilter errors = mine.toBuilder().status(500).build();
            System.out.println("logs: " + db.requestLogs().count(mine) + " stored, " + db.requestLogs().count(errors)
                    + " with status 500");
            for (EndpointStats s : db.requestLogs().endpointStats(mine.toBuilder().path("/orders/0").build())) {
                System.out.printf("%s %s: %d requests, p50 %.0f ms, p95 %.0f ms%n", s.method(), s.path(), s.count(),
                        s.p50Ms().orElse(0), s.p95Ms().orElse(0));
            }

            db.servers().delete(server.id());
            long deleted = db.requestLogs().cleanup(Instant.now().plusSeconds(1), server.id()).deleted();
            System.out.println("cleaned up: server " + server.name() + ", its scenarios and " + deleted
                    + " logs deleted");
        }
    }
}
