package io.mockloop.db.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** The starter backs off when the host defines its own MockLoopDb bean, and reports that bean's health. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostDefinedDatabaseTest {

    /** The host's own database (registered explicitly, so the other tests' component scan never sees it). */
    static class HostOwnDatabase {
        @Bean
        MockLoopDb hostDb() {
            return MockLoopDb.inMemory();
        }
    }

    private FreshDatabase database;
    private ConfigurableApplicationContext context;

    @BeforeAll
    void start() {
        database = FreshDatabase.create(FreshDatabase.Kind.SQLITE_FILE);
        context = HostApplication.run(WebApplicationType.NONE, database.dataSourceProperties(), null,
                HostOwnDatabase.class);
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theStarterBacksOffAndTheHealthIndicatorReportsTheHostsDatabase() throws Exception {
        assertThat(context.getBeansOfType(MockLoopDb.class)).containsOnlyKeys("hostDb");
        MockLoopDb hostDb = context.getBean(MockLoopDb.class);
        assertThat(hostDb.settings().isInMemory()).isTrue();
        assertThat(Tables.names(context.getBean(javax.sql.DataSource.class)))
                .as("nothing of mockloop-db's on the application's DataSource")
                .contains("host_orders")
                .doesNotContain("mock_servers", "mockloop_databasechangelog");

        HealthIndicator health = context.getBean("mockloopHealthIndicator", HealthIndicator.class);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsKeys("activeConnections", "idleConnections");

        context.close();
        assertThat(hostDb.isClosed()).as("Spring closes the host's AutoCloseable bean").isTrue();
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails().get("error")).asString().endsWith("is closed");
    }
}
