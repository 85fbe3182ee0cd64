package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "disk full / read-only file": a SQLite database on a small tmpfs that fills up, and on a file system
 * that is read-only. Writes fail with {@link StoreUnavailableException} naming the condition and the file, nothing
 * committed is lost, the file stays intact, and writing works again once space (or write access) returns; the async
 * writer keeps its queue and retries meanwhile.
 *
 * <p>Mounting needs root (CAP_SYS_ADMIN). Where the test may not mount, the disk-full test is skipped (saying so)
 * and the read-only test falls back to a directory and file without write permission (which does not stop root).
 */
class DiskFullTest {

    @TempDir
    Path tmp;

    @Test
    void aFullDiskGivesATypedErrorLosesNothingAndBothWritePathsRecoverWhenSpaceReturns() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(tmp.resolve("disk"), "4m")) {
            Assumptions.assumeTrue(disk.mounted(), () -> "disk-full case skipped, cannot mount a tmpfs here: "
                    + disk.problem());
            Path file = disk.dir().resolve("mockloop.db");
            try (MockLoopDb db = MockLoopDb.builder().sqliteFile(file).poolSize(2)
                    .poolTimeout(Duration.ofSeconds(2)).build()) {
                db.requestLogs().appendAll(RequestLogStoreTest.logs(300));
                long committed = db.requestLogs().count(LogFilter.ALL);
                // an empty WAL: the next write must grow a file
                TestSupport.execute(db, "PRAGMA wal_checkpoint(TRUNCATE)");
                Path filler = fill(disk.dir());

                assertThatThrownBy(() -> db.requestLogs().append(RequestLogStoreTest.log(1000).build()))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageStartingWith("append a request log failed on jdbc:sqlite:" + file
                                + ": the disk is full");
                assertThatThrownBy(() -> db.requestLogs().appendAll(RequestLogStoreTest.logs(50)))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("the disk is full");
                assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(committed);

                // the writer keeps what it holds and retries; a full queue drops the newest (DROP_NEWEST)
                LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS.withCapacity(20)
                        .withOverflow(WriterSettings.Overflow.DROP_NEWEST).withLinger(Duration.ZERO)
                        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(100)));
                assertThat(writer.enqueue(RequestLogStoreTest.log(2000).build())).isTrue();
                awaitFailures(writer, 2);
                for (int i = 1; i <= 20; i++) {
                    assertThat(writer.enqueue(RequestLogStoreTest.log(2000 + i).build())).isTrue();
                }
                assertThat(writer.enqueue(RequestLogStoreTest.log(3000).build())).isFalse();
                assertThat(writer.flush(Duration.ofMillis(300))).as("flush while the disk is full").isFalse();
                assertThat(writer.stats().queueDepth()).isEqualTo(20);
                assertThat(writer.stats().dropped()).isEqualTo(1);
                assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(committed);

                Files.delete(filler);
                long id = db.requestLogs().append(RequestLogStoreTest.log(1000).build());
                assertThat(db.requestLogs().get(id).path()).isEqualTo("/pets/1000");
                assertThat(writer.flush(Duration.ofSeconds(30))).as("flush once space returned").isTrue();
                assertThat(writer.stats().written()).isEqualTo(21);
                assertThat(writer.stats().dropped()).isEqualTo(1);
                assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(committed + 1 + 21);
                assertThat(integrityCheck(db)).isEqualTo("ok");
                writer.close();
            }
        }
    }

    @Test
    void aReadOnlyFileSystemGivesATypedErrorAndTheDatabaseOpensIntactWhenWritableAgain() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(tmp.resolve("disk"), "4m")) {
            Path file = disk.dir().resolve("mockloop.db");
            try (MockLoopDb db = MockLoopDb.open(file)) {
                db.requestLogs().appendAll(RequestLogStoreTest.logs(120));
            }
            boolean readOnly = disk.mounted() ? disk.remount("ro") : withoutWritePermission(disk.dir(), file);
            Assumptions.assumeTrue(readOnly, () -> "read-only case skipped: cannot mount a tmpfs here ("
                    + disk.problem() + ") and file permissions do not stop this user");

            // a WAL database cannot even be read on read-only media (SQLite needs its -shm file): opening fails
            assertThatThrownBy(() -> MockLoopDb.builder().sqliteFile(file).poolTimeout(Duration.ofMillis(500))
                    .build())
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageStartingWith("cannot connect to jdbc:sqlite:" + file)
                    .hasMessageContaining("the database file cannot be opened")
                    .hasMessageContaining("read-only file system");

            if (disk.mounted()) {
                assertThat(disk.remount("rw")).isTrue();
            } else {
                file.getParent().toFile().setWritable(true);
                file.toFile().setWritable(true);
            }
            try (MockLoopDb db = MockLoopDb.open(file)) {
                assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(120);
                assertThat(integrityCheck(db)).isEqualTo("ok");
                db.requestLogs().append(RequestLogStoreTest.log(500).build());
                assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(121);
            }
        }
    }

    /** Writes a file until the disk is full. */
    private static Path fill(Path dir) throws IOException {
        Path filler = dir.resolve("filler.bin");
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        return filler;
    }

    private static boolean withoutWritePermission(Path dir, Path file) {
        boolean done = file.toFile().setWritable(false, false) && dir.toFile().setWritable(false, false);
        return done && !Files.isWritable(dir);
    }

    private static void awaitFailures(LogWriter writer, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (writer.stats().failed() < n && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        assertThat(writer.stats().failed()).as("failed attempts of the writer").isGreaterThanOrEqualTo(n);
    }

    private static String integrityCheck(MockLoopDb db) throws Exception {
        try (Connection c = InternalAccess.dataSource(db).getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A tmpfs of a given size mounted on a directory for one test; a plain directory where mounting is refused. */
    private static final class Tmpfs implements AutoCloseable {
        private final Path dir;
        private final String problem;

        private Tmpfs(Path dir, String problem) {
            this.dir = dir;
            this.problem = problem;
        }

        static Tmpfs mount(Path dir, String size) throws IOException {
            Files.createDirectories(dir);
            String problem = command("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs",
                    dir.toString());
            return new Tmpfs(dir, problem);
        }

        Path dir() {
            return dir;
        }

        boolean mounted() {
            return problem == null;
        }

        String problem() {
            return problem;
        }

        /** @return whether the remount (options {@code ro} or {@code rw}) worked */
        boolean remount(String mode) {
            return command("mount", "-o", "remount," + mode, dir.toString()) == null;
        }

        @Override
        public void close() {
            if (mounted()) {
                String failure = command("umount", dir.toString());
                if (failure != null) {
                    failure = command("umount", "-l", dir.toString());
                }
                if (failure != null) {
                    System.err.println("could not unmount " + dir + ": " + failure);
                }
            } else {
                dir.toFile().setWritable(true);
            }
        }

        /** Runs a command; null when it exited 0, else what went wrong. */
        private static String command(String... command) {
            try {
                Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).trim();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return String.join(" ", command) + " did not finish";
                }
                return p.exitValue() == 0 ? null : String.join(" ", command) + ": exit " + p.exitValue() + " " + out;
            } catch (IOException e) {
                return String.join(" ", command) + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
    }
}
