package io.mockloop.db.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template is made once and kept between JVMs under a hash of the changelogs, from the copy the build bundles in
 * the jar or else by migrating; a damaged copy is rebuilt.
 */
class SqliteTemplateTest {

    private static final int LATEST = MockLoopDb.latestSchemaVersion();

    @TempDir
    Path tmp;

    @Test
    void theTemplateIsCachedPerUserUnderTheSchemaVersionAndAHashOfTheChangelogs() {
        Path file = SqliteTemplate.cached(tmp).orElseThrow();

        assertThat(file.getParent().getParent()).isEqualTo(tmp);
        assertThat(file.getParent().getFileName().toString()).startsWith("mockloop-db-junit-");
        assertThat(file.getFileName().toString()).matches("template-v" + LATEST + "-[0-9a-f]{16}\\.db");
        assertThat(SqliteTemplate.isLatest(file)).isTrue();
        // a second JVM (here: a second call) reuses it, and leaves no temporary file behind
        assertThat(SqliteTemplate.cached(tmp)).hasValue(file);
        assertThat(file.getParent().toFile().list()).containsExactly(file.getFileName().toString());
    }

    @Test
    void aColdCacheGetsACopyOfTheTemplateThisJarWasBuiltWith() throws Exception {
        String name = SqliteTemplate.fileName().orElseThrow();
        byte[] bundled;
        try (var in = SqliteTemplate.class.getClassLoader().getResourceAsStream(SqliteTemplate.BUNDLED + name)) {
            assertThat(in).as("the build bundles the template of these changelogs").isNotNull();
            bundled = in.readAllBytes();
        }
        Path file = SqliteTemplate.cached(tmp).orElseThrow();
        assertThat(file.getFileName().toString()).isEqualTo(name);
        assertThat(Files.readAllBytes(file)).as("copied, not migrated").isEqualTo(bundled);
        assertThat(java.nio.file.Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void withoutABundledTemplateOrWithADamagedOneTheTemplateIsMigrated() throws Exception {
        String name = SqliteTemplate.fileName().orElseThrow();
        Path none = tmp.resolve("none.db");
        SqliteTemplate.make(name, none, new ClassLoader(null) { });
        assertThat(SqliteTemplate.isLatest(none)).isTrue();

        Path resources = Files.createDirectories(tmp.resolve("cp").resolve(SqliteTemplate.BUNDLED));
        Files.write(resources.resolve(name), new byte[] {1, 2, 3});
        Path damaged = tmp.resolve("damaged.db");
        try (var loader = new java.net.URLClassLoader(new java.net.URL[] {tmp.resolve("cp").toUri().toURL()}, null)) {
            SqliteTemplate.make(name, damaged, loader);
        }
        assertThat(SqliteTemplate.isLatest(damaged)).isTrue();
    }

    @Test
    void aDamagedCachedTemplateIsRebuilt() throws Exception {
        Path file = SqliteTemplate.cached(tmp).orElseThrow();
        Files.write(file, new byte[] {1, 2, 3});
        assertThat(SqliteTemplate.isLatest(file)).isFalse();

        assertThat(SqliteTemplate.cached(tmp)).hasValue(file);

        assertThat(SqliteTemplate.isLatest(file)).isTrue();
    }

    @Test
    void theCacheCanBeTurnedOff() {
        System.setProperty(SqliteTemplate.CACHE_PROPERTY, "false");
        try {
            assertThat(SqliteTemplate.cached(tmp)).isEmpty();
        } finally {
            System.clearProperty(SqliteTemplate.CACHE_PROPERTY);
        }
    }

    @Test
    void copiesOfTheTemplateAreMigratedAndIndependent() {
        try (MockLoopDb a = MockLoopDbExtension.newInMemoryDatabase();
             MockLoopDb b = MockLoopDbExtension.newInMemoryDatabase()) {
            a.config().set("only", "a");
            assertThat(a.migrations().status().upToDate()).isTrue();
            assertThat(b.config().get("only")).isEmpty();
        }
    }
}
