package io.mockloop.db.examples;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.migration.MigrationStatus;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.MockServer;
import io.mockloop.db.server.ServerRegistration;
import java.util.List;
import java.util.Map;

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
            String where = db.settings().url().replaceFirst("[?;].*", "");
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
            db.servers().delete(server.id());
            System.out.println("cleaned up: server " + server.name() + " and its scenarios deleted");
        }
    }
}
