package io.mockloop.db.log;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.maintenance.PartitionReport;
import io.mockloop.db.testing.InternalAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One process of {@link PartitionsAcrossProcessesTest}: opens the partitioned database with a clock of its own and,
 * once the go file appears, moves that clock to the month boundary plus its offset, then appends logs around the
 * boundary on one thread while the main thread calls {@code ensureRequestLogPartitions()} a few times.
 *
 * <p>Standard output: {@code OPEN} once opened; {@code ACK <n>} after an {@code appendAll} returned (logs
 * {@code <name>-1 .. <name>-n} are committed); {@code CREATED <partition>} for each partition a report says this
 * process created; {@code DONE}. Arguments: JDBC URL, process name, go file, stop file, boundary (ISO instant),
 * clock offset from the boundary in ms.
 */
public final class PartitionRaceChild {

    /** Where the appended logs fall, relative to the boundary: last month, this month, the month after, and later. */
    static final List<Duration> SPREAD = List.of(Duration.ofDays(-1), Duration.ofMillis(-1), Duration.ZERO,
            Duration.ofMillis(1), Duration.ofDays(31), Duration.ofDays(40), Duration.ofDays(60));
    private static final int ENSURE_CALLS = 5;
    private static final Duration HARD_LIMIT = Duration.ofMinutes(3);

    private PartitionRaceChild() {
    }

    /**
     * @param args see the class comment
     * @throws Exception on any failure (the parent sees a non-zero exit and the standard error file)
     */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String name = args[1];
        Path goFile = Path.of(args[2]);
        Path stopFile = Path.of(args[3]);
        Instant boundary = Instant.parse(args[4]);
        Duration offset = Duration.ofMillis(Long.parseLong(args[5]));
        long giveUpAt = System.nanoTime() + HARD_LIMIT.toNanos();
        SettableClock clock = new SettableClock();
        try (MockLoopDb db = InternalAccess.withClock(MockLoopDb.builder().url(url).poolSize(3)
                .migrateOnStart(false).checkSchemaOnStart(false), clock).build()) {
            System.out.println("OPEN");
            while (!Files.exists(goFile)) {
                if (System.nanoTime() - giveUpAt > 0) {
                    throw new IllegalStateException("no go file " + goFile);
                }
                Thread.sleep(5);
            }
            clock.set(boundary.plus(offset));
            Throwable[] failed = {null};
            Thread appender = new Thread(() -> {
                try {
                    long seq = 0;
                    while (!Files.exists(stopFile) && System.nanoTime() - giveUpAt < 0) {
                        List<RequestLog> batch = new ArrayList<>();
                        for (Duration d : SPREAD) {
                            seq++;
                            batch.add(RequestLog.builder("GET", "/race", 200).requestId(name + "-" + seq)
                                    .timestamp(boundary.plus(d)).build());
                        }
                        db.requestLogs().appendAll(batch);
                        System.out.println("ACK " + seq);
                        Thread.sleep(5);
                    }
                } catch (Throwable e) {
                    failed[0] = e;
                }
            }, name + "-appender");
            appender.start();
            for (int i = 0; i < ENSURE_CALLS; i++) {
                PartitionReport report = db.maintenance().ensureRequestLogPartitions();
                report.created().forEach(p -> System.out.println("CREATED " + p));
                Thread.sleep(100);
            }
            appender.join();
            if (failed[0] != null) {
                throw new IllegalStateException("appending failed", failed[0]);
            }
            System.out.println("DONE");
        }
    }

    /** A clock the child sets once; thread-safe. */
    private static final class SettableClock extends Clock {
        private final AtomicReference<Instant> fixed = new AtomicReference<>();

        void set(Instant now) {
            fixed.set(now);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            Instant now = fixed.get();
            return now == null ? Instant.now() : now;
        }
    }
}
