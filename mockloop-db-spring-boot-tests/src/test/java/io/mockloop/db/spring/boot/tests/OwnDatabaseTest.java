package io.mockloop.db.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.RequestLog;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * {@code mockloop.db.url} gives mockloop-db a database of its own, separate from the application's DataSource,
 * with its own pool, pool meters and properties; closing the context closes that pool.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnDatabaseTest {

    private FreshDatabase database;
    private String ownUrl;
    private ConfigurableApplicationContext context;

    @BeforeAll
    void start() {
        database = FreshDatabase.create(FreshDatabase.Kind.SQLITE_FILE);
        ownUrl = "jdbc:sqlite:" + database.dir().resolve("own").resolve("mockloop.db");
        Map<String, Object> properties = new LinkedHashMap<>(database.dataSourceProperties());
        properties.put("mockloop.db.url", ownUrl);
        properties.put("mockloop.db.pool-size", 3);
        properties.put("mockloop.db.pool-timeout", "5s");
        properties.put("mockloop.db.sqlite.busy-timeout", "2s");
        properties.put("mockloop.db.retention.interval", "12h");
        context = HostApplication.run(WebApplicationType.NONE, properties, null);
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
    void mockloopDbUsesItsOwnDatabaseWithItsOwnPoolAndMeters() throws Exception {
        MockLoopDb db = context.getBean(MockLoopDb.class);
        assertThat(db.settings().url()).hasValue(ownUrl);
        assertThat(db.settings().poolSize()).isEqualTo(3);
        assertThat(db.settings().poolTimeout()).hasSeconds(5);
        assertThat(db.settings().sqlite().busyTimeout()).hasSeconds(2);
        assertThat(db.maintenance().retention().scheduled()).isTrue();
        assertThat(db.maintenance().retention().interval()).hasHours(12);

        DataSource app = context.getBean(DataSource.class);
        assertThat(Tables.names(app)).contains("host_orders", "databasechangelog")
                .doesNotContain("mock_servers", "mockloop_databasechangelog");
        DataSource own = new DriverManagerDataSource(ownUrl);
        assertThat(Tables.names(own)).contains("mock_servers", "request_logs", "mockloop_databasechangelog")
                .doesNotContain("host_orders", "databasechangelog");

        db.requestLogs().append(RequestLog.builder("GET", "/own", 200).build());
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        String appPool = ((HikariDataSource) app).getPoolName();
        String ownPool = registry.get("mockloop.logs.written").counter().getId().getTag("pool");
        assertThat(ownPool).isNotEqualTo(appPool);
        assertThat(registry.get("mockloop.logs.written").tag("pool", ownPool).counter().count()).isEqualTo(1);
        assertThat(registry.get("hikaricp.connections.max").tag("pool", ownPool).gauge().value()).isEqualTo(3);
        assertThat(registry.find("hikaricp.connections").tag("pool", appPool).gauge()).isNotNull();

        // on the sqlite-jdbc Boot pins too (3.49, whose pragma enum lacks wal_autocheckpoint), a thread of the
        // library's copies the write-ahead log into the file: the main file alone comes to hold the log
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).contains(ownPool + "-checkpoint");
        java.nio.file.Path file = database.dir().resolve("own").resolve("mockloop.db");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (!mainFileAloneHolds(file, "/own") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(mainFileAloneHolds(file, "/own")).as("the main file alone holds the appended log").isTrue();

        HealthIndicator health = context.getBean("mockloopHealthIndicator", HealthIndicator.class);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsKeys("activeConnections", "idleConnections");

        context.close();
        assertThat(db.isClosed()).isTrue();
        assertThat(registry.find("hikaricp.connections").tag("pool", ownPool).meters())
                .as("the pool's meters go with the pool")
                .isEmpty();
        assertThat(registry.getMeters()).extracting(Meter::getId)
                .noneMatch(id -> id.getName().startsWith("mockloop.") && ownPool.equals(id.getTag("pool")));
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain(ownPool + "-checkpoint");
    }

    /** Copies the database file without its -wal and looks for a log with {@code path} in the copy. */
    private static boolean mainFileAloneHolds(java.nio.file.Path file, String path) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(file.getParent(), "main-only");
        java.nio.file.Path copy = dir.resolve("copy.db");
        java.nio.file.Files.copy(file, copy);
        return Tables.names(new DriverManagerDataSource("jdbc:sqlite:" + copy)).contains("request_logs")
                && new org.springframework.jdbc.core.JdbcTemplate(new DriverManagerDataSource("jdbc:sqlite:" + copy))
                .queryForObject("SELECT count(*) FROM request_logs WHERE path = ?", Integer.class, path) == 1;
    }
}
