package io.mockloop.db.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Runs long work on a worker thread and reports its progress on stderr: on a terminal a live bar with rate and ETA
 * redrawn in place, otherwise one line every few seconds (never on stdout, which carries data). The work's thread
 * is what {@link Cancellation} interrupts on Ctrl-C. One instance per command run; not thread-safe.
 */
final class Progress {

    /** What is counted: items with a name ("request logs") or bytes. */
    record Unit(String name, boolean bytes) {
        static Unit of(String name) {
            return new Unit(name, false);
        }

        static final Unit BYTES = new Unit("", true);

        String format(long n) {
            return bytes ? Units.bytes(n) : Units.count(n);
        }
    }

    private static final int BAR = 24;
    private static final long PROBE_EVERY_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final Duration interval;
    private final Cancellation cancellation;

    Progress(PrintWriter err, boolean terminal, Duration interval, Cancellation cancellation) {
        this.err = err;
        this.terminal = terminal;
        this.interval = interval;
        this.cancellation = cancellation;
    }

    /**
     * Runs {@code work} on a worker thread and shows {@code done} against {@code total} until it ends.
     *
     * @param label what is running ("cleanup")
     * @param unit what {@code done} and {@code total} count
     * @param total the expected amount, or -1 when unknown (no percentage, no ETA)
     * @param done how much is done so far; called from this thread, a failure of it only skips that report
     * @param work the work; interrupted on Ctrl-C
     * @return what {@code work} returned
     */
    <T> T run(String label, Unit unit, long total, LongSupplier done, Callable<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            cancellation.attach(Thread.currentThread());
            try {
                result.set(work.call());
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                cancellation.detach();
            }
        }, "mockloop-" + label);
        worker.setDaemon(true);
        long start = System.nanoTime();
        long lastLine = start;
        boolean drawn = false;
        long lastProbe = start;
        long d = 0;
        long pollMillis = terminal ? 250 : Math.max(10, Math.min(250, interval.toMillis()));
        worker.start();
        while (worker.isAlive()) {
            try {
                worker.join(pollMillis);
            } catch (InterruptedException e) {
                // the calling thread is not what Ctrl-C stops; keep waiting for the worker's report
                Thread.interrupted();
            }
            if (!worker.isAlive()) {
                break;
            }
            long now = System.nanoTime();
            if (!terminal && now - lastLine < interval.toNanos()) {
                continue;
            }
            if (now - lastProbe >= PROBE_EVERY_NANOS || lastProbe == start) {
                // the probe may be a COUNT(*) on a big table: at most once a second
                try {
                    d = done.getAsLong();
                    lastProbe = now;
                } catch (RuntimeException e) {
                    continue;
                }
            }
            if (terminal) {
                String line = "\r" + bar(label, unit, total, d, now - start);
                err.print(line);
                err.flush();
                drawn = true;
            } else if (now - lastLine >= interval.toNanos()) {
                err.println(label + ": " + text(unit, total, d, now - start));
                err.flush();
                lastLine = now;
            }
        }
        if (drawn) {
            err.print("\r" + " ".repeat(100) + "\r");
            err.flush();
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(label + " failed: " + t.getMessage(), t);
        }
        return result.get();
    }

    static String text(Unit unit, long total, long done, long elapsedNanos) {
        StringBuilder b = new StringBuilder();
        b.append(unit.format(done));
        if (total >= 0) {
            b.append(" of ").append(unit.format(total));
        }
        if (!unit.bytes()) {
            b.append(' ').append(unit.name());
        }
        if (total > 0) {
            b.append(String.format(Locale.ROOT, " (%d%%)", percent(done, total)));
        }
        double rate = rate(done, elapsedNanos);
        b.append(", ").append(unit.format((long) rate)).append("/s");
        if (total > 0 && rate > 0 && done < total) {
            b.append(", ETA ").append(Units.duration(Duration.ofMillis((long) ((total - done) / rate * 1000))));
        }
        return b.toString();
    }

    static String bar(String label, Unit unit, long total, long done, long elapsedNanos) {
        if (total <= 0) {
            return label + " " + text(unit, total, done, elapsedNanos);
        }
        int filled = (int) Math.min(BAR, (long) BAR * Math.max(0, done) / total);
        return label + " [" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] " + text(unit, total, done,
                elapsedNanos);
    }

    private static int percent(long done, long total) {
        return (int) Math.max(0, Math.min(100, done * 100 / total));
    }

    private static double rate(long done, long elapsedNanos) {
        return elapsedNanos <= 0 ? 0 : done * 1e9 / elapsedNanos;
    }
}
