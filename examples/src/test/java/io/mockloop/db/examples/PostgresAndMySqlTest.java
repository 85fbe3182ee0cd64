package io.mockloop.db.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PostgresAndMySql keeps working on each server: its main runs in a JVM of its own with {@code MOCKLOOP_DB_URL}
 * pointing at a new test schema (PostgreSQL) or database (MariaDB). (MySQL Connector/J against MariaDB, the
 * jdbc:mysql: path, is covered by the core contract tests; one JVM fewer here.)
 */
class PostgresAndMySqlTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void mainRunsTheSameCodeOnTheServerTheEnvironmentNames(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            ProcessBuilder pb = new ProcessBuilder(List.of(
                    new File(System.getProperty("java.home"), "bin/java").getPath(),
                    "-cp", System.getProperty("java.class.path"),
                    PostgresAndMySql.class.getName()));
            pb.environment().keySet().removeIf(k -> k.startsWith("MOCKLOOP_DB_"));
            pb.environment().put("MOCKLOOP_DB_URL", tdb.url());
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            System.out.print(out);

            assertThat(p.exitValue()).as(out).isZero();
            String type = target == DbTarget.POSTGRESQL ? "POSTGRESQL" : "MARIADB";
            assertThat(out).contains("connected to " + type + " at ",
                    "schema version " + MockLoopDb.latestSchemaVersion() + " (up to date)",
                    "GET /orders/17 -> 200 {\"state\": \"open\"} (orderId=17, scenario open-orders)",
                    "servers: 1, active scenarios: 1",
                    "logs: 50 stored, 5 with status 500",
                    "GET /orders/0: 10 requests, p50 ",
                    "cleaned up: server Orders API, its scenarios and 50 logs deleted")
                    .doesNotContain("MOCKLOOP_DB_URL is not set", "password", "WARN");
            assertThat(out.lines()).hasSizeLessThanOrEqualTo(30);
            try (MockLoopDb db = tdb.builder().build()) {
                assertThat(db.servers().list()).isEmpty();
            }
        }
    }
}
