package io.mockloop.db.testing;

import io.mockloop.db.MockLoopDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty database on one {@link DbTarget}, created for a test and dropped by {@link #close()}: a temporary
 * SQLite file, a new PostgreSQL schema, or a new MariaDB database. Nothing it did not create is ever dropped.
 *
 * <p>When a server is not reachable the test is skipped with a message saying how to start it, except under
 * {@code CI=true}, where it fails.
 */
public final class TestDatabase implements AutoCloseable {

    /** Admin URL for PostgreSQL; override with MOCKLOOP_TEST_PG_URL. */
    public static final String PG_ADMIN = env("MOCKLOOP_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    /** Admin URL for MariaDB; override with MOCKLOOP_TEST_MARIADB_URL. */
    public static final String MARIADB_ADMIN = env("MOCKLOOP_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root");

    private static final Map<String, Boolean> REACHABLE = new ConcurrentHashMap<>();
    private static final Map<DbTarget, TestDatabase> SHARED = new EnumMap<>(DbTarget.class);

    private final DbTarget target;
    private final String name;
    private final String url;
    private final Path dir;
    private volatile boolean closed;

    private TestDatabase(DbTarget target, String name, String url, Path dir) {
        this.target = target;
        this.name = name;
        this.url = url;
        this.dir = dir;
    }

    /**
     * Creates a fresh, empty database (no schema applied).
     *
     * @param target where
     * @return the handle; close it to drop the database
     */
    public static TestDatabase create(DbTarget target) {
        String name = "mlt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            switch (target) {
                case SQLITE_FILE: {
                    Path dir = Files.createTempDirectory("mockloop-test-");
                    return new TestDatabase(target, name, "jdbc:sqlite:" + dir.resolve("test.db"), dir);
                }
                case SQLITE_MEMORY:
                    return new TestDatabase(target, name, null, null);
                case POSTGRESQL:
                case POSTGRESQL_PARTITIONED: {
                    requireServer("PostgreSQL", PG_ADMIN,
                            "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start,"
                                    + " or point MOCKLOOP_TEST_PG_URL at a server");
                    try (Connection c = DriverManager.getConnection(PG_ADMIN); Statement st = c.createStatement()) {
                        st.execute("CREATE SCHEMA " + name);
                    }
                    String base = PG_ADMIN.contains("?") ? PG_ADMIN + "&" : PG_ADMIN + "?";
                    return new TestDatabase(target, name, base + "currentSchema=" + name, null);
                }
                case MYSQL:
                case MARIADB: {
                    requireServer("MariaDB", MARIADB_ADMIN,
                            "start it with: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd,"
                                    + " or point MOCKLOOP_TEST_MARIADB_URL at a server");
                    try (Connection c = DriverManager.getConnection(MARIADB_ADMIN); Statement st = c.createStatement()) {
                        st.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                    }
                    String scheme = target == DbTarget.MYSQL ? "jdbc:mysql:" : "jdbc:mariadb:";
                    String rest = MARIADB_ADMIN.substring("jdbc:mariadb:".length());
                    String query = rest.contains("?") ? rest.substring(rest.indexOf('?')) : "";
                    String hostPart = rest.substring(0, rest.lastIndexOf('/', rest.contains("?") ? rest.indexOf('?') : rest.length()));
                    return new TestDatabase(target, name, scheme + hostPart + "/" + name + query, null);
                }
                default:
                    throw new IllegalArgumentException(target.name());
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot create a test database on " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * A migrated database per target, shared by every test in this JVM and dropped when the JVM exits; call
     * {@link #reset(MockLoopDb)} between tests.
     *
     * @param target where
     * @return an open, migrated database; do not close it
     */
    public static synchronized MockLoopDb shared(DbTarget target) {
        TestDatabase tdb = SHARED.get(target);
        if (tdb == null) {
            tdb = create(target);
            tdb.sharedDb = tdb.builder().build();
            if (target == DbTarget.POSTGRESQL_PARTITIONED) {
                createMonthlyPartitions(tdb.sharedDb, 2025, 2026);
            }
            SHARED.put(target, tdb);
            TestDatabase toClose = tdb;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                toClose.sharedDb.close();
                toClose.close();
            }));
        }
        return tdb.sharedDb;
    }

    /**
     * The shared database of {@code target}, emptied: every row of every mockloop table deleted and the seed's
     * settings restored.
     *
     * @param target where
     * @return an open, migrated, empty database; do not close it
     */
    public static MockLoopDb fresh(DbTarget target) {
        MockLoopDb db = shared(target);
        reset(db);
        if (target == DbTarget.POSTGRESQL_PARTITIONED) {
            createMonthlyPartitions(db, 2025, 2026); // again: retention tests drop the expired ones
        }
        return db;
    }

    private MockLoopDb sharedDb;

    /**
     * Deletes every row of every mockloop table (children first) and restores the four seed settings.
     *
     * @param db the database
     */
    public static void reset(MockLoopDb db) {
        TestSupport.deleteAllRows(db);
    }

    /**
     * Creates the request_logs partition of every month of the given years that does not exist yet (on a
     * partitioned request_logs with an empty default partition).
     *
     * @param db the database
     * @param fromYear the first year
     * @param toYear the last year
     */
    public static void createMonthlyPartitions(MockLoopDb db, int fromYear, int toYear) {
        StringBuilder sql = new StringBuilder("DO $$ BEGIN ");
        for (int y = fromYear; y <= toYear; y++) {
            for (int m = 1; m <= 12; m++) {
                String name = String.format(Locale.ROOT, "request_logs_%04d_%02d", y, m);
                String to = m == 12 ? (y + 1) + "-01-01" : String.format(Locale.ROOT, "%04d-%02d-01", y, m + 1);
                sql.append(String.format(Locale.ROOT, "IF to_regclass('%s') IS NULL THEN CREATE TABLE %s PARTITION OF"
                        + " request_logs FOR VALUES FROM ('%04d-%02d-01') TO ('%s'); END IF; ", name, name, y, m, to));
            }
        }
        TestSupport.execute(db, sql.append("END $$").toString());
    }

    /** @return a builder pointed at this database (user and password set), with a small pool */
    public MockLoopDb.Builder builder() {
        MockLoopDb.Builder b = MockLoopDb.builder().poolSize(4);
        if (target == DbTarget.POSTGRESQL_PARTITIONED) {
            b.partitionedRequestLogs(true);
        }
        if (target == DbTarget.SQLITE_MEMORY) {
            return b.inMemory();
        }
        return b.url(url);
    }

    /** @return the JDBC URL of this database; {@code null} for in-memory SQLite (each build makes a new one) */
    public String url() {
        return url;
    }

    /** @return the target */
    public DbTarget target() {
        return target;
    }

    /** @return the schema (PostgreSQL) or database (MariaDB) name */
    public String name() {
        return name;
    }

    /** Drops what {@link #create(DbTarget)} created. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            switch (target) {
                case SQLITE_FILE -> {
                    try (Stream<Path> files = Files.walk(dir)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
                case POSTGRESQL, POSTGRESQL_PARTITIONED -> {
                    try (Connection c = DriverManager.getConnection(PG_ADMIN); Statement st = c.createStatement()) {
                        st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
                    }
                }
                case MYSQL, MARIADB -> {
                    try (Connection c = DriverManager.getConnection(MARIADB_ADMIN); Statement st = c.createStatement()) {
                        st.execute("DROP DATABASE IF EXISTS " + name);
                    }
                }
                default -> {
                }
            }
        } catch (SQLException | IOException e) {
            System.err.println("could not drop test database " + name + " on " + target + ": " + e.getMessage());
        }
    }

    private static void requireServer(String product, String adminUrl, String howTo) {
        boolean up = REACHABLE.computeIfAbsent(adminUrl, u -> {
            try (Connection c = DriverManager.getConnection(u)) {
                return c.isValid(5);
            } catch (SQLException e) {
                return false;
            }
        });
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

    /** @return the target's name in lower case, for display */
    @Override
    public String toString() {
        return target.name().toLowerCase(Locale.ROOT) + ":" + name;
    }
}
