package io.mockloop.db.junit;

import io.mockloop.db.DatabaseSettings;
import io.mockloop.db.MockLoopDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A migrated SQLite database made once per JVM and copied into each fresh in-memory database with SQLite's backup
 * API, so a test pays for a copy (milliseconds), not a migration. Thread-safe.
 */
final class SqliteTemplate {

    private static volatile Path template;

    private SqliteTemplate() {
    }

    /** @return the template file, migrated to the latest version (created on first use) */
    static Path file() {
        Path t = template;
        if (t == null) {
            synchronized (SqliteTemplate.class) {
                t = template;
                if (t == null) {
                    try {
                        Path dir = Files.createTempDirectory("mockloop-db-template-");
                        t = dir.resolve("template.db");
                        // rollback journal, not WAL: a WAL header copied into an in-memory (memdb) database would
                        // make every further connection to it fail with SQLITE_CANTOPEN
                        DatabaseSettings.SqliteSettings d = DatabaseSettings.SqliteSettings.DEFAULTS;
                        try (MockLoopDb db = MockLoopDb.builder().sqliteFile(t).poolSize(1)
                                .sqlite(new DatabaseSettings.SqliteSettings("DELETE", d.synchronous(), d.cacheSize(),
                                        d.tempStore(), d.busyTimeout())).build()) {
                            db.maintenance().health();
                        }
                        Path finalT = t;
                        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                                finalT.resolveSibling(finalT.getFileName() + suffix).toFile().delete();
                            }
                            dir.toFile().delete();
                        }));
                        template = t;
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot create the mockloop-db test template", e);
                    }
                }
            }
        }
        return t;
    }

    /**
     * Opens a new in-memory database holding a copy of the template.
     *
     * @param poolSize the pool size
     * @return the open database; closing it discards it
     */
    static MockLoopDb copy(int poolSize) {
        String url = "jdbc:sqlite:file:/mockloop-test-" + UUID.randomUUID() + "?vfs=memdb";
        // this connection keeps the new database alive until the MockLoopDb has opened its own
        try (Connection anchor = DriverManager.getConnection(url)) {
            try (Statement st = anchor.createStatement()) {
                st.executeUpdate("restore from " + file());
            }
            return MockLoopDb.builder().url(url).poolSize(poolSize).migrateOnStart(false).checkSchemaOnStart(false)
                    .build();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot copy the mockloop-db test template: " + e.getMessage(), e);
        }
    }
}
