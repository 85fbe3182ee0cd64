package io.mockloop.db.internal;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.InternalAccess;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * The process {@link SqliteCheckpointKillTest} starts and SIGKILLs: opens {@code FILE}, prints {@code READY}, then
 * appends request logs of about 3 KB with paths {@code /ckpt/N} by {@code appendAll} in batches of 50, printing
 * {@code ACK N} after each returns (logs 0 to N-1 are committed). From the fourth batch on, a watcher prints
 * {@code CHECKPOINTING} the moment it sees the library's checkpoint thread copying pages: the parent kills then.
 * A child not killed within 60 s stops by itself (exit code 3).
 */
public final class CheckpointKillChild {

    private CheckpointKillChild() {
    }

    /**
     * @param args the database file
     */
    public static void main(String[] args) {
        Thread watchdog = new Thread(() -> {
            LockSupport.parkNanos(60_000_000_000L);
            Runtime.getRuntime().halt(3);
        }, "checkpoint-kill-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try (MockLoopDb db = MockLoopDb.builder().sqliteFile(Path.of(args[0])).poolSize(2).build()) {
            SqliteCheckpointer checkpointer = InternalAccess.context(db).engine().checkpointer();
            say("READY");
            int[] batches = {0};
            Thread watcher = new Thread(() -> {
                while (true) {
                    if (batches[0] >= 3 && checkpointer.inProgress()) {
                        say("CHECKPOINTING");
                        return;
                    }
                    LockSupport.parkNanos(50_000);
                }
            }, "checkpoint-watcher");
            watcher.setDaemon(true);
            watcher.start();
            int n = 0;
            while (true) {
                db.requestLogs().appendAll(SqliteCheckpointerTest.logs(50, n));
                n += 50;
                say("ACK " + n);
                batches[0]++;
            }
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
