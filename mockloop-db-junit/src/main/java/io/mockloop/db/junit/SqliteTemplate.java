package io.mockloop.db.junit;

import io.mockloop.db.DatabaseSettings;
import io.mockloop.db.MockLoopDb;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A migrated SQLite database made once (kept between JVMs, see {@link #file()}) and copied into each fresh in-memory
 * database with SQLite's backup API, so a test pays for a copy (milliseconds), not a migration. This jar carries one
 * migrated at build time ({@link BundledTemplate}), so even the first test JVM on a machine migrates nothing unless
 * the changelogs on its class path differ from those the jar was built with. Thread-safe.
 */
final class SqliteTemplate {

    private static volatile Path template;

    /** Whether this JVM's first copy has started the {@link Preload} thread. */
    private static final AtomicBoolean PRELOAD_STARTED = new AtomicBoolean();

    private SqliteTemplate() {
    }

    /**
     * The template file, migrated to the latest version. It is kept between JVMs in a per-user cache directory under
     * {@code java.io.tmpdir}, named after a hash of the changelogs on the class path. It is made from the template
     * bundled in this jar when that was built from the same changelogs, else by migrating, which then only the first
     * JVM after a schema change pays for; set the system property {@value #CACHE_PROPERTY} to {@code false} to make a
     * private template in every JVM instead.
     *
     * @return the template file (created on first use)
     */
    static Path file() {
        Path t = template;
        if (t == null) {
            synchronized (SqliteTemplate.class) {
                t = template;
                if (t == null) {
                    t = cached(Path.of(System.getProperty("java.io.tmpdir"))).orElseGet(SqliteTemplate::privateTemplate);
                    template = t;
                }
            }
        }
        return t;
    }

    /** The system property that turns the cross-JVM template cache off ({@code false}). */
    static final String CACHE_PROPERTY = "mockloop.db.junit.templateCache";

    private static final String CHANGELOG_DIR = "io/mockloop/db/changelog/";
    private static final String MASTER = CHANGELOG_DIR + "db.changelog-master.xml";
    private static final Pattern INCLUDE = Pattern.compile("<include\\s+file=\"([^\"]+)\"");

    /**
     * @param tmp the directory holding the per-user cache directory
     * @return the cached template, made now when absent or unusable; empty when caching is off or impossible
     */
    static Optional<Path> cached(Path tmp) {
        if ("false".equalsIgnoreCase(System.getProperty(CACHE_PROPERTY))) {
            return Optional.empty();
        }
        try {
            Optional<String> name = fileName();
            if (name.isEmpty()) {
                return Optional.empty();
            }
            String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
            Path dir = tmp.resolve("mockloop-db-junit-" + user);
            // the user's own (0700 when made here): nobody else reads or plants templates there
            io.mockloop.db.PrivateFiles.createDirectories(dir);
            Path file = dir.resolve(name.get());
            if (Files.isRegularFile(file) && isLatest(file)) {
                return Optional.of(file);
            }
            // make it beside it, then move it in one step: other JVMs see no file or a whole one
            Path fresh = dir.resolve(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
            make(name.get(), fresh);
            Files.move(fresh, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(file);
        } catch (IOException | RuntimeException e) {
            // an unwritable temp directory must not fail the tests: fall back to a template of this JVM
            return Optional.empty();
        }
    }

    /**
     * @return the template's file name for the changelogs on the class path: the latest schema version and a hash of
     *         the changelogs; empty when one of them is missing
     */
    static Optional<String> fileName() throws IOException {
        return changelogHash().map(hash -> "template-v" + MockLoopDb.latestSchemaVersion() + "-" + hash + ".db");
    }

    /** Where {@link BundledTemplate} puts the template it makes at build time, on this module's class path. */
    static final String BUNDLED = "io/mockloop/db/junit/";

    /**
     * Makes the template {@code name} at {@code file} (which must not exist): a copy of the one this jar was built
     * with when it was built from the same changelogs (same name), else by migrating.
     */
    private static void make(String name, Path file) throws IOException {
        make(name, file, SqliteTemplate.class.getClassLoader());
    }

    /**
     * As {@link #make(String, Path)}, looking for the bundled template with {@code loader}; a bundled file that is not
     * an up-to-date template is deleted and the template migrated instead.
     */
    static void make(String name, Path file, ClassLoader loader) throws IOException {
        try (InputStream in = loader.getResourceAsStream(BUNDLED + name)) {
            if (in != null) {
                io.mockloop.db.PrivateFiles.createNewFile(file);
                try (var out = Files.newOutputStream(file)) {
                    in.transferTo(out);
                }
                if (isLatest(file)) {
                    return;
                }
                Files.delete(file);
            }
        }
        migrate(file);
    }

    /** A SHA-256 (16 hex digits) of the master changelog and every file it includes; empty when one is missing. */
    private static Optional<String> changelogHash() throws IOException {
        ClassLoader loader = MockLoopDb.class.getClassLoader();
        byte[] master = read(loader, MASTER);
        if (master == null) {
            return Optional.empty();
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(master);
            Matcher m = INCLUDE.matcher(new String(master, StandardCharsets.UTF_8));
            while (m.find()) {
                byte[] included = read(loader, m.group(1));
                if (included == null) {
                    return Optional.empty();
                }
                sha.update(m.group(1).getBytes(StandardCharsets.UTF_8));
                sha.update(included);
            }
            return Optional.of(HexFormat.of().formatHex(sha.digest()).substring(0, 16));
        } catch (NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }

    private static byte[] read(ClassLoader loader, String resource) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    /** Whether the file is a whole, migrated template: its schema_version reaches the latest version. */
    static boolean isLatest(Path file) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file + "?mode=ro");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_version")) {
            return rs.next() && rs.getInt(1) == MockLoopDb.latestSchemaVersion();
        } catch (SQLException e) {
            return false;
        }
    }

    /** A template in a temporary directory of this JVM, deleted when it exits. */
    private static Path privateTemplate() {
        try {
            Path dir = Files.createTempDirectory("mockloop-db-template-");
            Path t = dir.resolve("template.db");
            Optional<String> name = fileName();
            if (name.isPresent()) {
                make(name.get(), t);
            } else {
                migrate(t);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
                    t.resolveSibling(t.getFileName() + suffix).toFile().delete();
                }
                dir.toFile().delete();
            }));
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the mockloop-db test template", e);
        }
    }

    static void migrate(Path file) {
        // rollback journal, not WAL: a WAL header copied into an in-memory (memdb) database would make every
        // further connection to it fail with SQLITE_CANTOPEN
        DatabaseSettings.SqliteSettings d = DatabaseSettings.SqliteSettings.DEFAULTS;
        try (MockLoopDb db = MockLoopDb.builder().sqliteFile(file).poolSize(1)
                .sqlite(new DatabaseSettings.SqliteSettings("DELETE", d.synchronous(), d.cacheSize(), d.tempStore(),
                        d.busyTimeout())).build()) {
            // build() migrated it; migrations().status() rather than maintenance().health(), which holds its
            // connection while it reads the retention state and so waits out the pool timeout on this pool of one
            if (!db.migrations().status().upToDate()) {
                throw new IllegalStateException("the mockloop-db test template " + file + " is not up to date after"
                        + " migrating it");
            }
        }
        // the lock file the migration held: this file is private to this JVM until it is moved, so no other
        // process can be waiting on it
        file.resolveSibling(file.getFileName() + ".migration-lock").toFile().delete();
    }

    /**
     * Opens a new in-memory database holding a copy of the template.
     *
     * @param poolSize the pool size
     * @return the open database; closing it discards it
     */
    static MockLoopDb copy(int poolSize) {
        // the first copy of this JVM loads jOOQ and Jackson beside the SQLite driver and the template
        Thread preload = PRELOAD_STARTED.compareAndSet(false, true)
                ? Preload.start(MockLoopDb.class.getClassLoader(), Preload.CLASSES) : null;
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
        } finally {
            Preload.join(preload); // by now the open has loaded the same classes; no thread outlives the first copy
        }
    }
}
