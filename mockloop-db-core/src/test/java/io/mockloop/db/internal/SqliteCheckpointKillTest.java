package io.mockloop.db.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process writing to a SQLite file is killed with SIGKILL while the library's checkpoint thread is copying the
 * write-ahead log into the file ({@link SqliteCheckpointer}), again and again on one file: every committed log is
 * there afterwards, none twice, and the file is sound and opens.
 */
class SqliteCheckpointKillTest {

    /** Kills; each a new JVM. */
    static final int ROUNDS = 4;

    @TempDir
    Path tmp;

    @Test
    void everyCommittedLogSurvivesAKillDuringACheckpoint() throws Exception {
        Path file = tmp.resolve("kill.db");
        MockLoopDb.open(file).close();
        Path stderr = Files.createTempFile(tmp, "child", ".stderr");
        int committed = 0;
        long stored = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            String context = "kill " + round + " of " + ROUNDS;
            List<String> lines = new ArrayList<>();
            try (ChildJvm child = ChildJvm.start(CheckpointKillChild.class, stderr, file.toString())) {
                String line;
                do {
                    line = child.nextLine(Duration.ofSeconds(60));
                    assertThat(line).as(context + ": the child's output ended before CHECKPOINTING; stderr:\n"
                            + Files.readString(stderr)).isNotNull().isNotEqualTo(ChildJvm.EOF);
                    lines.add(line);
                } while (!line.equals("CHECKPOINTING"));
                child.kill9();
                lines.addAll(child.drain());
            }
            // each round starts over at /ckpt/0, and the paths of earlier rounds stay: count what this round added
            int acked = lines.stream().filter(l -> l.startsWith("ACK ")).mapToInt(l -> Integer.parseInt(l.substring(4)))
                    .max().orElse(0);
            assertThat(acked).as(context + ": batches committed before the kill").isGreaterThanOrEqualTo(150);
            assertThat(query(file, "PRAGMA integrity_check")).as(context).containsExactly("ok");
            List<String> paths = query(file, "SELECT path FROM request_logs WHERE id > " + committed);
            Set<String> distinct = new HashSet<>(paths);
            for (int i = 0; i < acked; i++) {
                assertThat(distinct).as(context + ": committed log /ckpt/" + i).contains("/ckpt/" + i);
            }
            assertThat(paths).as(context + ": a log stored twice").hasSameSizeAs(distinct);
            stored += paths.size();
            committed = Integer.parseInt(query(file, "SELECT max(id) FROM request_logs").get(0));
        }
        try (MockLoopDb db = MockLoopDb.open(file)) {
            assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(stored);
            assertThat(db.migrations().status().upToDate()).isTrue();
        }
    }

    private static List<String> query(Path file, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
