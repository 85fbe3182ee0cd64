package io.mockloop.db.spring.boot.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty database for one test class, dropped by {@link #close()}: a SQLite file in a temporary directory,
 * a new PostgreSQL schema or a new MariaDB database. Nothing it did not create is ever dropped or altered.
 *
 * <p>When a server is unreachable the test is skipped with a message saying how to start it, except under
 * {@code CI=true}, where it fails.
 */
final class FreshDatabase implements AutoCloseable {

    /** Admin URL for PostgreSQL; override with MOCKLOOP_TEST_PG_URL. */
    static final String PG_ADMIN = env("MOCKLOOP_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    /** Admin URL for MariaDB; override with MOCKLOOP_TEST_MARIADB_URL. */
    static final String MARIADB_ADMIN = env("MOCKLOOP_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");

    enum Kind { SQLITE_FILE, POSTGRESQL, MARIADB }

    private final Kind kind;
    private final String name;
    private final String url;
    private final Path dir;
    private boolean closed;

    private FreshDatabase(Kind kind, String name, String url, Path dir) {
        this.kind = kind;
        this.name = name;
        this.url = url;
        this.dir = dir;
    }

    static FreshDatabase create(Kind kind) {
        String name = "mlt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            switch (kind) {
                case SQLITE_FILE -> {
                    Path dir = Files.createTempDirectory("mockloop-boot-");
                    return new FreshDatabase(kind, name, "jdbc:sqlite:" + dir.resolve("app.db"), dir);
                }
                case POSTGRESQL -> {
                    requireServer("PostgreSQL", PG_ADMIN, "start it with: pg_ctlcluster --skip-systemctl-redirect"
                            + " $(ls /etc/postgresql) main start, or point MOCKLOOP_TEST_PG_URL at a server");
                    execute(PG_ADMIN, "CREATE SCHEMA " + name);
                    String base = PG_ADMIN.contains("?") ? PG_ADMIN + "&" : PG_ADMIN + "?";
                    return new FreshDatabase(kind, name, base + "currentSchema=" + name, null);
                }
                case MARIADB -> {
                    requireServer("MariaDB", MARIADB_ADMIN, "start it with: start-stop-daemon --start --oknodo"
                            + " --background --exec /usr/sbin/mariadbd, or point MOCKLOOP_TEST_MARIADB_URL at a server");
                    execute(MARIADB_ADMIN, "CREATE DATABASE " + name
                            + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                    int q = MARIADB_ADMIN.indexOf('?');
                    String path = q >= 0 ? MARIADB_ADMIN.substring(0, q) : MARIADB_ADMIN;
                    String query = q >= 0 ? MARIADB_ADMIN.substring(q) : "";
                    return new FreshDatabase(kind, name, path.substring(0, path.lastIndexOf('/') + 1) + name + query,
                            null);
                }
                default -> throw new IllegalArgumentException(kind.name());
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot create a test database on " + kind + ": " + e.getMessage(), e);
        }
    }

    /** @return the JDBC URL (user in the URL for the servers) */
    String url() {
        return url;
    }

    Kind kind() {
        return kind;
    }

    /** @return a directory of this database's own (SQLite only; {@code null} for the servers) */
    Path dir() {
        return dir;
    }

    /**
     * The application's {@code spring.datasource.*} properties for this database. SQLite gets the pragmas
     * mockloop-db expects on every connection it is handed (its own pool sets them itself).
     *
     * @return the properties
     */
    Map<String, Object> dataSourceProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", url);
        p.put("spring.datasource.hikari.maximum-pool-size", 5);
        if (kind == Kind.SQLITE_FILE) {
            p.put("spring.datasource.hikari.data-source-properties.foreign_keys", "true");
            p.put("spring.datasource.hikari.data-source-properties.journal_mode", "WAL");
            p.put("spring.datasource.hikari.data-source-properties.busy_timeout", "10000");
        }
        return p;
    }

    /** Drops what {@link #create(Kind)} created. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            switch (kind) {
                case SQLITE_FILE -> {
                    try (Stream<Path> files = Files.walk(dir)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
                case POSTGRESQL -> execute(PG_ADMIN, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
                case MARIADB -> execute(MARIADB_ADMIN, "DROP DATABASE IF EXISTS " + name);
                default -> {
                }
            }
        } catch (SQLException | IOException e) {
            System.err.println("could not drop test database " + name + " on " + kind + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return kind + " " + (dir != null ? dir : name);
    }

    private static void execute(String adminUrl, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void requireServer(String product, String adminUrl, String howTo) {
        boolean up;
        try (Connection c = DriverManager.getConnection(adminUrl)) {
            up = c.isValid(5);
        } catch (SQLException e) {
            up = false;
        }
        if (!up) {
            String message = product + " is not reachable at " + adminUrl + "; " + howTo;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true and " + message);
            }
            Assumptions.abort(message);
        }
    }

    private static String env(String key, String def) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? def : v;
    }
}
