package io.mockloop.db.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.ConfigurationException;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.PrivateServer;
import io.mockloop.db.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, "fast, one-line failure": connection facts that no waiting can fix (a wrong password, a database that does
 * not exist, a file that is not a SQLite database) fail {@code build()} within 2 s, long before the pool timeout
 * (30 s here), with one {@link ConfigurationException} naming the setting and the cause; the pool never starts
 * retrying them. Passwords are never shown. (Malformed URLs, refused before any connection attempt, are in
 * BadInputCorpusTest.) PostgreSQL runs on a private server that checks passwords; MariaDB on the shared server, with
 * a user this test creates under a unique name and drops.
 */
class ConnectionRefusalTest {

    private static final Duration POOL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FAST = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @Test
    void postgresqlRefusesAWrongPasswordAndAnUnknownDatabaseAtOnce() {
        try (PrivateServer server = PrivateServer.start(PrivateServer.Kind.POSTGRESQL)) {
            String user = "mlt_pw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            server.execute("CREATE ROLE " + user + " LOGIN PASSWORD 'right-password-1'");
            String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres";
            refusedFast(() -> MockLoopDb.builder().url(url).username("mlt_no_such_role").poolTimeout(POOL_TIMEOUT)
                    .build(), "username", "mlt_no_such_role");
            server.requirePasswords();

            refusedFast(() -> MockLoopDb.builder().url(url).username(user).password("wrong-password-1")
                    .poolTimeout(POOL_TIMEOUT).build(), "password", "password authentication failed for user");
            // the right password opens it: the refusal was the password's, not the server's
            try (MockLoopDb db = MockLoopDb.builder().url(url).username(user).password("right-password-1")
                    .poolTimeout(POOL_TIMEOUT).migrateOnStart(false).checkSchemaOnStart(false).build()) {
                assertThat(db.isClosed()).isFalse();
            }
            refusedFast(() -> MockLoopDb.builder().url(url.replace("/postgres", "/mlt_no_such_db"))
                    .username("postgres").poolTimeout(POOL_TIMEOUT).build(), "url", "does not exist");
            refusedFast(() -> MockLoopDb.builder().url(url).username(user).poolTimeout(POOL_TIMEOUT).build(),
                    "password", "no password was provided");
        }
    }

    @Test
    void mariadbRefusesAWrongPasswordAndAnUnknownDatabaseAtOnce() throws Exception {
        TestDatabase.create(io.mockloop.db.testing.DbTarget.MARIADB).close(); // skips (or fails on CI) without a server
        String admin = TestDatabase.MARIADB_ADMIN;
        String base = admin.substring(0, admin.indexOf('/', "jdbc:mariadb://".length()));
        String user = "mlt_pw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            st.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'right-password-1'");
            st.execute("CREATE USER '" + user + "'@'localhost' IDENTIFIED BY 'right-password-1'");
        }
        try {
            for (String scheme : new String[] {"jdbc:mariadb:", "jdbc:mysql:"}) {
                String url = base.replace("jdbc:mariadb:", scheme) + "/test";
                refusedFast(() -> MockLoopDb.builder().url(url).username(user).password("wrong-password-1")
                        .poolTimeout(POOL_TIMEOUT).build(), "password", "Access denied for user");
                refusedFast(() -> MockLoopDb.builder().url(url.replace("/test", "/mlt_no_such_db")).username("root")
                        .poolTimeout(POOL_TIMEOUT).build(), "url", "mlt_no_such_db");
            }
        } finally {
            try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
                st.execute("DROP USER IF EXISTS '" + user + "'@'%'");
                st.execute("DROP USER IF EXISTS '" + user + "'@'localhost'");
            }
        }
    }

    @Test
    void aTextFileNamedDotDbIsRefusedAtOnceAndLeftAsItWas() throws Exception {
        Path file = dir.resolve("notes.db");
        String text = "these are my notes, not a database\n".repeat(200);
        Files.writeString(file, text);

        refusedFast(() -> MockLoopDb.builder().sqliteFile(file).poolTimeout(POOL_TIMEOUT).build(), "sqliteFile",
                "not a SQLite database");
        refusedFast(() -> MockLoopDb.builder().url("jdbc:sqlite:" + file).poolTimeout(POOL_TIMEOUT).build(),
                "sqliteFile", "not a SQLite database");
        assertThat(Files.readString(file)).isEqualTo(text);
    }

    /** Expects one ConfigurationException naming {@code setting}, on one line, within {@link #FAST}. */
    private static void refusedFast(ThrowingCallable build, String setting, String fragment) {
        long t0 = System.nanoTime();
        assertThatThrownBy(build).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("cannot connect to ")
                .hasMessageContaining(fragment)
                .hasMessageNotContaining("wrong-password-1").hasMessageNotContaining("right-password-1")
                .satisfies(e -> {
                    assertThat(((ConfigurationException) e).setting()).isEqualTo(setting);
                    assertThat(e.getMessage()).as("one line").doesNotContain("\n");
                    System.out.println("refused in " + (System.nanoTime() - t0) / 1_000_000 + " ms: "
                            + e.getMessage());
                });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("refused within 2 s").isLessThan(FAST);
    }
}
