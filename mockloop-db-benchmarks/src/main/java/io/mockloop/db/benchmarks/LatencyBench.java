package io.mockloop.db.benchmarks;

import io.mockloop.db.log.LogWriter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.WriterSettings;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Part 2: caller-side latency of {@code LogWriter.enqueue} (the async writer's append) at fixed offered rates on a
 * SQLite file. One caller thread paces requests on a fixed schedule; each call is timed alone (service time, not
 * corrected for coordinated omission: a caller that fell behind catches up without waiting). A sampler thread reads
 * the queue depth every millisecond.
 */
final class LatencyBench implements Part {

    static final String SECTION = "2. Append latency at a fixed offered rate (async writer, SQLite file)";

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public void run(Profile p, Report report) throws Exception {
        report.note(SECTION, "One caller thread offers requests on a fixed schedule (" + p.latencySeconds()
                + " s per run after a 0.5 s unrecorded warm-up, rates interleaved run by run) to "
                + "`openWriter(WriterSettings.DEFAULTS)` on a SQLite file (WAL, NORMAL); each `enqueue` is timed "
                + "with System.nanoTime into an HdrHistogram. Percentiles are per run; the table gives min / median / "
                + "max over runs. Queue depth is `stats().queueDepth()` sampled every 1 ms. `achieved` is rows made "
                + "durable per second over the run plus the final flush.");
        List<RequestLog> pool = LogRows.of(Rows.ingest(10_000, 5, Instant.now()));
        try (BenchDb bdb = BenchDb.create(BenchDb.Kind.SQLITE_FILE)) {
            int rates = p.rates().size();
            Stats[][] s = new Stats[rates][6];
            for (int i = 0; i < rates; i++) {
                for (int j = 0; j < 6; j++) {
                    s[i][j] = new Stats();
                }
            }
            for (int rep = 0; rep < p.latencyReps(); rep++) {
                for (int k = 0; k < rates; k++) {
                    int i = (k + rep) % rates;
                    double[] r = runOnce(bdb, pool, p.rates().get(i), p.latencySeconds());
                    for (int j = 0; j < 6; j++) {
                        s[i][j].add(r[j]);
                    }
                    Benchmarks.log("  %,d/s: p50 %.1f µs, p99 %.1f µs, p99.9 %.1f µs, max %.0f µs, depth %.0f, "
                            + "achieved %.0f/s", p.rates().get(i), r[0], r[1], r[2], r[3], r[4], r[5]);
                }
                bdb.db.requestLogs().trimTo(0);
            }
            for (int i = 0; i < rates; i++) {
                String rate = String.format(java.util.Locale.ROOT, "%,d/s", p.rates().get(i));
                report.add(SECTION, rate + ": append p50", "µs", s[i][0], null);
                report.add(SECTION, rate + ": append p99", "µs", s[i][1],
                        p.rates().get(i) == 5_000 ? Target.atMost(50, "< 50 µs") : null, null);
                report.add(SECTION, rate + ": append p99.9", "µs", s[i][2], null);
                report.add(SECTION, rate + ": append max", "µs", s[i][3], null);
                report.add(SECTION, rate + ": max queue depth", "rows", s[i][4], "capacity 10,000");
                report.add(SECTION, rate + ": achieved", "rows/s", s[i][5], null);
            }
        }
    }

    /** @return p50, p99, p99.9, max (µs), max queue depth, achieved rows/s */
    private static double[] runOnce(BenchDb bdb, List<RequestLog> pool, int rate, double seconds)
            throws InterruptedException {
        Histogram h = new Histogram(3_600_000_000L, 3);
        AtomicInteger maxDepth = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        try (LogWriter w = bdb.db.requestLogs().openWriter(WriterSettings.DEFAULTS)) {
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    maxDepth.accumulateAndGet(w.stats().queueDepth(), Math::max);
                    LockSupport.parkNanos(1_000_000);
                }
            }, "queue-depth-sampler");
            sampler.setDaemon(true);
            long period = 1_000_000_000L / rate;
            // warm-up at the same rate, not recorded
            pace(w, pool, period, (long) (0.5e9), null);
            long warmWritten = w.stats().written();
            maxDepth.set(0);
            sampler.start();
            long t0 = System.nanoTime();
            int offered = pace(w, pool, period, (long) (seconds * 1e9), h);
            w.flush();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            running.set(false);
            sampler.join();
            long written = w.stats().written() - warmWritten;
            if (written < offered) {
                Benchmarks.log("  warning: %d offered, %d written", offered, written);
            }
            return new double[]{h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                    h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, maxDepth.get(), written / elapsed};
        }
    }

    private static int pace(LogWriter w, List<RequestLog> pool, long period, long duration, Histogram h) {
        long start = System.nanoTime();
        long end = start + duration;
        int i = 0;
        int size = pool.size();
        while (true) {
            long due = start + i * period;
            if (due >= end) {
                return i;
            }
            long now;
            while ((now = System.nanoTime()) < due) {
                long left = due - now;
                if (left > 200_000) {
                    LockSupport.parkNanos(left - 150_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            RequestLog log = pool.get(i % size);
            long s = System.nanoTime();
            w.enqueue(log);
            long d = System.nanoTime() - s;
            if (h != null) {
                h.recordValue(d);
            }
            i++;
        }
    }
}
