package io.mockloop.db.benchmarks;

import io.mockloop.db.MockLoopDb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One benchmark database: the library's {@link MockLoopDb} on it, and raw JDBC connections to the same database
 * (for SQLite in memory, to a private in-memory database with the same DDL). Created empty and migrated; dropped or
 * deleted on {@link #close()}. Not thread-safe.
 */
final class BenchDb implements AutoCloseable {

    enum Kind {
        SQLITE_FILE("SQLite file (WAL)"),
        SQLITE_MEMORY("SQLite in-memory"),
        POSTGRESQL("PostgreSQL"),
        MARIADB("MariaDB");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        boolean sqlite() {
            return this == SQLITE_FILE || this == SQLITE_MEMORY;
        }
    }

    static String pgAdminUrl = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static String mariaDbAdminUrl = "jdbc:mariadb://127.0.0.1:3306/test?user=root";
    static Path workDir;

    private static final AtomicInteger SEQ = new AtomicInteger();

    final Kind kind;
    final MockLoopDb db;
    private final String rawUrl;
    private final String name;
    private final Path dir;
    /** Keeps the private in-memory database of the raw side alive (SQLite in memory only). */
    private final Connection memoryAnchor;

    private BenchDb(Kind kind, MockLoopDb db, String rawUrl, String name, Path dir, Connection memoryAnchor) {
        this.kind = kind;
        this.db = db;
        this.rawUrl = rawUrl;
        this.name = name;
        this.dir = dir;
        this.memoryAnchor = memoryAnchor;
    }

    static BenchDb create(Kind kind) throws Exception {
        String name = "mlbench_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
        switch (kind) {
            case SQLITE_FILE -> {
                Path dir = Files.createDirectories(workDir.resolve(name));
                Path file = dir.resolve("bench.db");
                MockLoopDb db = MockLoopDb.open(file);
                return new BenchDb(kind, db, "jdbc:sqlite:" + file, name, dir, null);
            }
            case SQLITE_MEMORY -> {
                MockLoopDb db = MockLoopDb.inMemory();
                Connection anchor = DriverManager.getConnection("jdbc:sqlite:file:" + name + "?mode=memory&cache=private");
                sqlitePragmas(anchor);
                try (Statement st = anchor.createStatement()) {
                    for (String ddl : sqliteDdl()) {
                        st.execute(ddl);
                    }
                }
                return new BenchDb(kind, db, null, name, null, anchor);
            }
            case POSTGRESQL -> {
                try (Connection c = DriverManager.getConnection(pgAdminUrl); Statement st = c.createStatement()) {
                    st.execute("CREATE SCHEMA " + name);
                }
                String url = pgAdminUrl + (pgAdminUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
                try {
                    return new BenchDb(kind, MockLoopDb.builder().url(url).build(), url, name, null, null);
                } catch (RuntimeException e) {
                    dropPg(name);
                    throw e;
                }
            }
            case MARIADB -> {
                try (Connection c = DriverManager.getConnection(mariaDbAdminUrl); Statement st = c.createStatement()) {
                    st.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                }
                String url = mariaDbAdminUrl.replaceFirst("(jdbc:mariadb://[^/]+/)[^?]*", "$1" + name);
                try {
                    return new BenchDb(kind, MockLoopDb.builder().url(url).build(), url, name, null, null);
                } catch (RuntimeException e) {
                    dropMariaDb(name);
                    throw e;
                }
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /** The request_logs DDL (table and indexes) of a freshly migrated SQLite database, read once. */
    private static List<String> sqliteDdl() throws Exception {
        synchronized (BenchDb.class) {
            if (cachedDdl == null) {
                Path dir = Files.createDirectories(workDir.resolve("ddl-source"));
                Path file = dir.resolve("ddl.db");
                try (MockLoopDb db = MockLoopDb.open(file)) {
                    db.databaseType();
                }
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                    cachedDdl = RawJdbc.sqliteTableDdl(c, "request_logs", RawJdbc.TABLE);
                }
                deleteTree(dir);
            }
            return cachedDdl;
        }
    }

    private static List<String> cachedDdl;

    /** A new raw JDBC connection to this database (autocommit on), or the private in-memory one (do not close it). */
    Connection raw() throws SQLException {
        if (memoryAnchor != null) {
            return memoryAnchor;
        }
        Connection c = DriverManager.getConnection(rawUrl);
        if (kind == Kind.SQLITE_FILE) {
            sqlitePragmas(c);
        }
        return c;
    }

    /**
     * The library's SQLite settings on a raw connection, so both sides have the same page cache and journal
     * behaviour: WAL (persisted in the file), synchronous NORMAL, the same cache_size and temp_store, a 10 s busy
     * timeout.
     */
    static void sqlitePragmas(Connection c) throws SQLException {
        var s = io.mockloop.db.DatabaseSettings.SqliteSettings.DEFAULTS;
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA synchronous=" + s.synchronous());
            st.execute("PRAGMA cache_size=" + s.cacheSize());
            st.execute("PRAGMA temp_store=" + s.tempStore());
            st.execute("PRAGMA busy_timeout=10000");
        }
    }

    /** Whether {@link #raw()} hands out the shared private connection, which the caller must not close. */
    boolean rawIsShared() {
        return memoryAnchor != null;
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (RuntimeException e) {
            Benchmarks.log("closing %s: %s", kind, e);
        }
        try {
            if (memoryAnchor != null) {
                memoryAnchor.close();
            }
            switch (kind) {
                case SQLITE_FILE -> deleteTree(dir);
                case POSTGRESQL -> dropPg(name);
                case MARIADB -> dropMariaDb(name);
                default -> {
                }
            }
        } catch (Exception e) {
            Benchmarks.log("dropping %s %s: %s", kind, name, e);
        }
    }

    private static void dropPg(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(pgAdminUrl); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }

    private static void dropMariaDb(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(mariaDbAdminUrl); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
