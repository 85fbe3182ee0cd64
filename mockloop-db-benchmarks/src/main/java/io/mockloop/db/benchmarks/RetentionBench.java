package io.mockloop.db.benchmarks;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.RetentionResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Part 4: while a third of the rows is deleted on a SQLite file, a second thread keeps calling
 * {@code requestLogs().append(...)}; the longest single append is the figure. The library's chunked
 * {@code cleanup(olderThan)} against one raw {@code DELETE ... WHERE timestamp < ?}, each on a fresh copy of the
 * same database, alternating which goes first.
 */
final class RetentionBench implements Part {

    static final String SECTION = "4. Retention: append waits during a delete of one third (SQLite file)";

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public void run(Profile p, Report report) throws Exception {
        int rows = p.retentionRows();
        report.note(SECTION, String.format(java.util.Locale.ROOT, "%,d rows over 30 days (realistic payloads); each "
                + "run starts from a fresh copy of the same file. An appender thread calls `append` (one row, "
                + "synchronous) every ~2 ms from 100 ms before the delete until 100 ms after it. `library` is "
                + "`cleanup(olderThan)` (chunks of %,d rows, one transaction each); `raw` is one "
                + "`DELETE FROM request_logs WHERE timestamp < ?` on a JDBC connection with the library's pragmas.",
                rows, io.mockloop.db.log.RequestLogStore.RETENTION_CHUNK));
        Path templateDir = Files.createDirectories(BenchDb.workDir.resolve("retention-template"));
        Path template = templateDir.resolve("bench.db");
        Instant end = QueryBench.END;
        try (MockLoopDb db = MockLoopDb.open(template)) {
            Rows.Dataset data = new Rows.Dataset(rows, 13, end, Duration.ofDays(30));
            for (List<RawRow> part = data.next(20_000); !part.isEmpty(); part = data.next(20_000)) {
                LogRows.appendAll(db, LogRows.of(part));
            }
        }
        Instant cutoff = end.minus(Duration.ofDays(20)).plusMillis(7);
        RequestLog probe = LogRows.of(Rows.ingest(1, 3, end).get(0));
        Stats libWait = new Stats();
        Stats rawWait = new Stats();
        Stats libDur = new Stats();
        Stats rawDur = new Stats();
        Stats ratio = new Stats();
        Stats durRatio = new Stats();
        Stats libDeleted = new Stats();
        Stats rawDeleted = new Stats();
        Path runDir = BenchDb.workDir.resolve("retention-run");
        for (int rep = 0; rep < p.retentionReps(); rep++) {
            double lw = 0;
            double rw = 0;
            double ld = 0;
            double rd = 0;
            for (int step = 0; step < 2; step++) {
                boolean library = (rep + step) % 2 == 0;
                BenchDb.deleteTree(runDir);
                Files.createDirectories(runDir);
                Path copy = runDir.resolve("bench.db");
                Files.copy(template, copy, StandardCopyOption.REPLACE_EXISTING);
                try (MockLoopDb db = MockLoopDb.open(copy)) {
                    double[] r = runOnce(db, copy, library, cutoff, probe);
                    if (library) {
                        lw = r[0];
                        ld = r[1];
                        libWait.add(r[0]);
                        libDur.add(r[1]);
                        libDeleted.add(r[2]);
                    } else {
                        rw = r[0];
                        rd = r[1];
                        rawWait.add(r[0]);
                        rawDur.add(r[1]);
                        rawDeleted.add(r[2]);
                    }
                    Benchmarks.log("  %s: longest append %.1f ms, delete %.0f ms, %,.0f rows deleted, %,.0f appends",
                            library ? "library" : "raw", r[0], r[1], r[2], r[3]);
                }
            }
            ratio.add(rw / lw);
            durRatio.add(ld / rd);
        }
        BenchDb.deleteTree(runDir);
        BenchDb.deleteTree(templateDir);
        report.add(SECTION, "library cleanup (chunked): longest append wait", "ms", libWait,
                Target.atMost(100, "≤ 100 ms"), null);
        report.add(SECTION, "raw single DELETE: longest append wait", "ms", rawWait, null);
        report.add(SECTION, "raw ÷ library, longest append wait", "×", ratio, "per-rep ratio");
        report.add(SECTION, "library cleanup duration", "ms", libDur, null);
        report.add(SECTION, "library cleanup duration ÷ raw DELETE duration", "×", durRatio,
                "per-rep ratio; the chunked cleanup trades total time for short lock holds");
        report.add(SECTION, "raw DELETE duration", "ms", rawDur, null);
        report.add(SECTION, "rows deleted, library", "rows", libDeleted, null);
        report.add(SECTION, "rows deleted, raw", "rows", rawDeleted, null);
    }

    /** @return longest append (ms), delete duration (ms), rows deleted, appends made */
    private static double[] runOnce(MockLoopDb db, Path file, boolean library, Instant cutoff, RequestLog probe)
            throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong longest = new AtomicLong();
        AtomicLong appends = new AtomicLong();
        db.requestLogs().append(probe); // warm the statement path
        Thread appender = new Thread(() -> {
            while (running.get()) {
                long s = System.nanoTime();
                db.requestLogs().append(probe);
                long d = System.nanoTime() - s;
                longest.accumulateAndGet(d, Math::max);
                appends.incrementAndGet();
                LockSupport.parkNanos(2_000_000);
            }
        }, "retention-appender");
        appender.start();
        Thread.sleep(100);
        long t0 = System.nanoTime();
        long deleted;
        if (library) {
            RetentionResult r = db.requestLogs().cleanup(cutoff);
            deleted = r.deleted();
        } else {
            try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file)) {
                BenchDb.sqlitePragmas(c);
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM request_logs WHERE timestamp < ?")) {
                    ps.setString(1, RawJdbc.SQLITE_TIME.format(cutoff));
                    deleted = ps.executeUpdate();
                }
            }
        }
        double durMs = (System.nanoTime() - t0) / 1e6;
        Thread.sleep(100);
        running.set(false);
        appender.join();
        return new double[]{longest.get() / 1e6, durMs, deleted, appends.get()};
    }
}
