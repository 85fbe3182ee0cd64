package io.mockloop.db.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.migration.ChangeSetInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.opentest4j.TestAbortedException;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter in a real host application (HTTP server on a random port, Actuator, the host's own Liquibase
 * changelog) on one database: one Boot context per subclass, closed by the last test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class StarterContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FreshDatabase database;
    private ConfigurableApplicationContext context;
    private MockLoopDb db;
    private DataSource appDataSource;
    private String unavailable; // why the database server cannot be reached (the tests are then skipped)

    /** @return the database this class runs on */
    abstract FreshDatabase.Kind kind();

    @BeforeAll
    void startTheHostApplication() {
        try {
            database = FreshDatabase.create(kind());
        } catch (TestAbortedException e) {
            // Surefire reports a class aborted in @BeforeAll as "0 tests": skip each test instead, with the reason
            unavailable = e.getMessage();
            return;
        }
        context = HostApplication.run(WebApplicationType.SERVLET, database.dataSourceProperties(), null);
        db = context.getBean(MockLoopDb.class);
        appDataSource = context.getBean(DataSource.class);
    }

    @BeforeEach
    void requireTheDatabase() {
        Assumptions.assumeTrue(unavailable == null, () -> unavailable);
    }

    @AfterAll
    void dropTheDatabase() {
        if (context != null) {
            context.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Order(1)
    void theStarterBuildsTheDatabaseOnTheApplicationsDataSource() {
        assertThat(context.getBeansOfType(MockLoopDb.class)).containsOnlyKeys("mockLoopDb");
        assertThat(db.settings().url()).as("a caller's DataSource has no URL of ours").isEmpty();
        assertThat(db.databaseType().toString()).isEqualTo(switch (kind()) {
            case SQLITE_FILE -> "SQLITE";
            case POSTGRESQL -> "POSTGRESQL";
            case MARIADB -> "MARIADB";
        });
    }

    @Test
    @Order(2)
    void bothChangelogsAreAppliedEachRecordedInItsOwnTable() throws Exception {
        assertThat(Tables.names(appDataSource)).contains("host_orders", "databasechangelog", "databasechangeloglock",
                "mock_servers", "request_logs", "scenarios", "webhooks", "system_config",
                "mockloop_databasechangelog", "mockloop_databasechangeloglock");

        assertThat(Tables.changeSetIds(appDataSource, "databasechangelog"))
                .as("Boot's Liquibase records exactly the host's change set")
                .contains(List.of("host-001-orders"));
        List<String> ours = Tables.changeSetIds(appDataSource, "mockloop_databasechangelog").orElseThrow();
        assertThat(ours)
                .as("mockloop-db records exactly its own change sets")
                .isNotEmpty()
                .doesNotContain("host-001-orders")
                .containsExactlyInAnyOrderElementsOf(db.migrations().history().stream().map(ChangeSetInfo::id).toList());
        assertThat(db.migrations().status().upToDate()).isTrue();
    }

    @Test
    @Order(3)
    void theHostsEndpointUsesItsTableAndJournalsThroughMockLoopDb() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/orders?item=pencil"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("orders").asInt()).isEqualTo(1);
        assertThat(db.requestLogs().get(body.get("logId").asLong()).path()).isEqualTo("/orders");
    }

    @Test
    @Order(4)
    void actuatorHealthShowsTheMockloopComponentUp() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/actuator/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode mockloop = JSON.readTree(response.body()).path("components").path("mockloop");
        assertThat(mockloop.path("status").asText()).as(response.body()).isEqualTo("UP");
        JsonNode details = mockloop.path("details");
        assertThat(details.path("schemaVersion").asInt()).isEqualTo(MockLoopDb.latestSchemaVersion());
        assertThat(details.path("latestSchemaVersion").asInt()).isEqualTo(MockLoopDb.latestSchemaVersion());
        assertThat(details.path("migrationsPending").asBoolean(true)).isFalse();
        assertThat(details.has("roundTripMillis")).isTrue();
        assertThat(details.path("retention").path("scheduled").asBoolean(true)).isFalse();
        assertThat(details.has("error")).isFalse();
    }

    @Test
    @Order(5)
    void metersOfMockLoopDbAndTheApplicationsPoolAreInTheRegistry() {
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        double before = registry.get("mockloop.logs.written").counter().count();

        db.requestLogs().append(io.mockloop.db.log.RequestLog.builder("GET", "/metrics-check", 204).build());

        assertThat(registry.get("mockloop.logs.written").counter().count()).isEqualTo(before + 1);
        String appPool = ((HikariDataSource) appDataSource).getPoolName();
        assertThat(registry.find("hikaricp.connections").gauges())
                .as("Boot binds the application pool's meters, though mockloop-db used the pool first")
                .extracting(g -> g.getId().getTag("pool"))
                .contains(appPool);
        Gauge active = registry.get("hikaricp.connections.active").tag("pool", appPool).gauge();
        assertThat(active.value()).isGreaterThanOrEqualTo(0);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void closingTheContextClosesTheDatabase() {
        assertThat(db.isClosed()).isFalse();

        context.close();

        assertThat(db.isClosed()).isTrue();
    }

    private URI uri(String path) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
