package io.mockloop.db.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.RequestLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the library creates hold password, API-key and session hashes and webhook secrets: the database file, its
 * -wal and -shm, the migration lock file and backups are owner-only (0600) and the directories it creates 0700,
 * whatever the umask (the test JVM runs with the usual 022, under which SQLite alone makes 0644 files). Files that
 * exist already keep the mode their owner gave them.
 */
class PrivateFilesTest {

    @TempDir
    Path dir;

    @Test
    void theDatabaseItsWalAndShmTheLockFileBackupsAndNewDirectoriesAreOwnerOnly() throws Exception {
        Path db = dir.resolve("new-dir").resolve("nested").resolve("mockloop.db");
        Path backup = dir.resolve("backup.db");
        try (MockLoopDb m = MockLoopDb.open(db)) {
            m.requestLogs().append(RequestLog.builder("GET", "/pets", 200).build()); // the WAL has content
            m.maintenance().backup(backup);
            assertThat(mode(db)).isEqualTo("rw-------");
            assertThat(mode(db.resolveSibling("mockloop.db-wal"))).isEqualTo("rw-------");
            assertThat(mode(db.resolveSibling("mockloop.db-shm"))).isEqualTo("rw-------");
            assertThat(mode(db.resolveSibling("mockloop.db.migration-lock"))).isEqualTo("rw-------");
        }
        assertThat(mode(backup)).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("new-dir"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("new-dir").resolve("nested"))).isEqualTo("rwx------");
        try (MockLoopDb reopened = MockLoopDb.open(backup)) {
            assertThat(reopened.requestLogs().count(io.mockloop.db.log.LogFilter.ALL)).isEqualTo(1);
        }
    }

    @Test
    void aFileTheOwnerMadeKeepsItsMode() throws Exception {
        Path db = dir.resolve("shared.db");
        Files.createFile(db, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r-----"));
        try (MockLoopDb m = MockLoopDb.open(db)) {
            assertThat(m.migrations().status().upToDate()).isTrue();
        }
        assertThat(mode(db)).isEqualTo("rw-r-----");
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
