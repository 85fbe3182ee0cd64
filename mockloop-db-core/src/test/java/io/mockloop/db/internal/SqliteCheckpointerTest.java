package io.mockloop.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.DatabaseSettings;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestSupport;
import io.mockloop.db.testing.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/**
 * The library checkpoints a SQLite file in WAL mode on a thread of its own ({@link SqliteCheckpointer}): the pages
 * reach the database file without a caller's commit copying them, nothing is lost when a checkpoint fails, and the
 * thread exists only where the library owns the connections and the caller left {@code wal_autocheckpoint} alone.
 * A kill during a checkpoint: {@link SqliteCheckpointKillTest}.
 */
class SqliteCheckpointerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @Test
    void theLibrarysThreadCopiesCommittedPagesIntoTheFileAndEndsWithClose() throws Exception {
        Path file = tmp.resolve("ckpt.db");
        Thread thread;
        try (MockLoopDb db = MockLoopDb.open(file)) {
            SqliteCheckpointer checkpointer = engine(db).checkpointer();
            assertThat(checkpointer).isNotNull();
            thread = checkpointer.thread();
            assertThat(thread.isDaemon()).isTrue();
            assertThat(thread.getName()).isEqualTo(engine(db).poolName() + "-checkpoint");
            assertThat(thread.isAlive()).isTrue();
            assertThat(TestSupport.firstValue(db, "PRAGMA wal_autocheckpoint")).isEqualTo("10000");

            db.requestLogs().appendAll(logs(200, 0));
            // 200 logs are far below SQLite's own threshold (10,000 pages here): only the thread copies them
            TestSupport.await("the main file alone holds the 200 logs", WAIT,
                    () -> rowsInTheMainFileAlone(file) == 200);
            assertThat(checkpointer.failures()).isZero();
        }
        assertThat(thread.isAlive()).as("checkpoint thread alive after close()").isFalse();
    }

    @Test
    void noThreadWhereTheLibraryDoesNotOwnTheCheckpoints() throws Exception {
        try (MockLoopDb db = MockLoopDb.inMemory()) {
            assertThat(engine(db).checkpointer()).as("in memory").isNull();
        }
        DatabaseSettings.SqliteSettings rollback = new DatabaseSettings.SqliteSettings("DELETE", "NORMAL", 10000,
                "MEMORY", Duration.ofSeconds(10));
        try (MockLoopDb db = MockLoopDb.builder().sqliteFile(tmp.resolve("rollback.db")).sqlite(rollback).build()) {
            assertThat(engine(db).checkpointer()).as("rollback journal").isNull();
        }
        try (MockLoopDb db = MockLoopDb.builder().sqliteFile(tmp.resolve("own.db"))
                .connectionProperty("wal_autocheckpoint", "500").build()) {
            assertThat(engine(db).checkpointer()).as("the caller's wal_autocheckpoint").isNull();
            assertThat(TestSupport.firstValue(db, "PRAGMA wal_autocheckpoint")).isEqualTo("500");
        }
        SQLiteDataSource hosts = new SQLiteDataSource();
        hosts.setUrl("jdbc:sqlite:" + tmp.resolve("host.db"));
        hosts.setJournalMode("WAL");
        try (MockLoopDb db = MockLoopDb.builder().dataSource(hosts).build()) {
            assertThat(engine(db).checkpointer()).as("the caller's DataSource").isNull();
            assertThat(TestSupport.firstValue(db, "PRAGMA wal_autocheckpoint")).isEqualTo("1000");
        }
    }

    /**
     * The log holds pages the file has no room for: the checkpoint fails with the disk full, every log still reads
     * back (from the log), and once space returns the next write's checkpoint copies them.
     */
    @Test
    void aCheckpointOnAFullDiskLosesNothingAndTheNextOneCopiesThePages() throws Exception {
        try (Tmpfs disk = Tmpfs.mount(tmp.resolve("disk"), "4m")) {
            Tmpfs.requireOrSkip(disk.mounted(), () -> "checkpoint on a full disk skipped, cannot mount a tmpfs here: "
                    + disk.problem());
            Path file = disk.dir().resolve("mockloop.db");
            try (MockLoopDb db = MockLoopDb.builder().sqliteFile(file).poolTimeout(Duration.ofSeconds(2)).build()) {
                SqliteCheckpointer checkpointer = engine(db).checkpointer();
                db.requestLogs().appendAll(logs(20, 0));
                long before;
                try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file);
                     Statement st = reader.createStatement()) {
                    // a reader's snapshot from before the next logs: no checkpoint may copy them while it lasts
                    st.execute("BEGIN");
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM request_logs")) {
                        rs.next();
                        assertThat(rs.getLong(1)).isEqualTo(20);
                    }
                    before = checkpointer.checkpoints();
                    db.requestLogs().appendAll(logs(300, 20));
                    TestSupport.await("a checkpoint while the reader holds its snapshot", WAIT,
                            () -> checkpointer.checkpoints() > before && !checkpointer.inProgress());
                    Tmpfs.fill(disk.dir());
                    st.execute("COMMIT");
                }
                long failuresBefore = checkpointer.failures();
                checkpointer.written();
                TestSupport.await("a checkpoint failing with the disk full", WAIT,
                        () -> checkpointer.failures() > failuresBefore);
                assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(320);
                assertThat(TestSupport.firstValue(db, "PRAGMA integrity_check")).isEqualTo("ok");

                Files.delete(disk.dir().resolve("filler.bin"));
                db.requestLogs().append(RequestLog.builder("GET", "/after", 200).build());
                TestSupport.await("the main file alone holds all 321 logs", WAIT,
                        () -> rowsInTheMainFileAlone(file) == 321);
                assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(321);
                assertThat(TestSupport.firstValue(db, "PRAGMA integrity_check")).isEqualTo("ok");
            }
        }
    }

    static List<RequestLog> logs(int n, int from) {
        List<RequestLog> out = new ArrayList<>(n);
        String body = "{\"pad\":\"" + "x".repeat(3_000) + "\"}";
        for (int i = from; i < from + n; i++) {
            out.add(RequestLog.builder("POST", "/ckpt/" + i, 201).timestamp(Instant.now()).requestBody(body).build());
        }
        return out;
    }

    private static Engine engine(MockLoopDb db) {
        return InternalAccess.context(db).engine();
    }

    /** Copies the database file without its -wal into a directory of its own and counts the logs there. */
    private long rowsInTheMainFileAlone(Path file) {
        try {
            Path dir = Files.createTempDirectory(tmp, "main-only");
            Path copy = dir.resolve("copy.db");
            Files.copy(file, copy);
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM request_logs")) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            return -1;
        }
    }
}
