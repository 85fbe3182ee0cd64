package io.mockloop.db.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Runs long work on a worker thread and reports its progress on stderr: when stderr is a terminal (whatever stdout
 * is) a live bar with rate and ETA redrawn in place, otherwise one line every few seconds (never on stdout, which
 * carries data). Each redraw overwrites the whole previous frame and stays within the terminal's width, so nothing
 * of an older, longer frame is left behind. Work that showed progress (and any work on a terminal) ends with a
 * one-line summary on stderr. The work's thread is what {@link Cancellation} interrupts on Ctrl-C. One instance per
 * command run; {@link #note(String)} may be called from the work's thread, the rest from the caller's.
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
    private final int columns;
    private final java.util.Queue<String> notes = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private int drawnWidth;

    Progress(PrintWriter err, boolean terminal, Duration interval, Cancellation cancellation) {
        this(err, terminal, interval, cancellation, 80);
    }

    /**
     * @param err where progress goes
     * @param terminal whether {@code err} is a terminal (live bar) or not (a line every {@code interval})
     * @param interval between lines when not on a terminal; between redraws on one (at most 250 ms)
     * @param cancellation what Ctrl-C sets
     * @param columns the terminal's width: a frame never reaches the last column (which would wrap)
     */
    Progress(PrintWriter err, boolean terminal, Duration interval, Cancellation cancellation, int columns) {
        this.err = err;
        this.terminal = terminal;
        this.interval = interval;
        this.cancellation = cancellation;
        this.columns = Math.max(20, columns);
    }

    /**
     * Shows a line above the live bar (on a terminal only: elsewhere the periodic lines tell the story). Thread-safe;
     * printed by the thread that draws.
     *
     * @param line what happened, for example "applied v1  v1-01-request-logs"
     */
    void note(String line) {
        if (terminal) {
            notes.add(line);
        }
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
        boolean shown = false;
        long lastProbe = start;
        long d = 0;
        long pollMillis = Math.max(10, Math.min(250, interval.toMillis()));
        long probeEvery = Math.min(PROBE_EVERY_NANOS, Math.max(10_000_000L, interval.toNanos()));
        worker.start();
        while (worker.isAlive()) {
            try {
                worker.join(pollMillis);
            } catch (InterruptedException e) {
                // the calling thread is not what Ctrl-C stops; keep waiting for the worker's report
                Thread.interrupted();
            }
            printNotes();
            if (!worker.isAlive()) {
                break;
            }
            long now = System.nanoTime();
            if (!terminal && now - lastLine < interval.toNanos()) {
                continue;
            }
            if (now - lastProbe >= probeEvery || lastProbe == start) {
                // the probe may be a COUNT(*) on a big table: at most once a second
                try {
                    d = done.getAsLong();
                    lastProbe = now;
                } catch (RuntimeException e) {
                    continue;
                }
            }
            if (terminal) {
                draw(bar(label, unit, total, d, now - start));
                shown = true;
            } else if (now - lastLine >= interval.toNanos()) {
                err.println(label + ": " + text(unit, total, d, now - start));
                err.flush();
                lastLine = now;
                shown = true;
            }
        }
        printNotes();
        clear();
        Throwable t = failure.get();
        if (t == null && (shown || terminal)) {
            long finalDone = d;
            try {
                finalDone = done.getAsLong();
            } catch (RuntimeException e) {
                // keep the last figure
            }
            err.println(summary(label, unit, finalDone, System.nanoTime() - start, cancellation.requested()));
            err.flush();
        }
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

    /** Draws one frame over the previous one: padded to its width, cut to the terminal's. */
    private void draw(String frame) {
        String f = frame.length() >= columns ? frame.substring(0, columns - 1) : frame;
        int pad = Math.max(0, drawnWidth - f.length());
        err.print("\r" + f + " ".repeat(pad) + (pad > 0 ? "\r" + f : ""));
        err.flush();
        drawnWidth = f.length();
    }

    /** Erases the bar (the cursor ends at the start of the empty line). */
    private void clear() {
        if (drawnWidth > 0) {
            err.print("\r" + " ".repeat(drawnWidth) + "\r");
            err.flush();
            drawnWidth = 0;
        }
    }

    private void printNotes() {
        String n;
        boolean any = false;
        while ((n = notes.poll()) != null) {
            if (!any) {
                clear();
                any = true;
            }
            err.println(n);
        }
        if (any) {
            err.flush();
        }
    }

    /** @return "export: 58,000 request logs in 12.3 s (4,715/s)", or "... interrupted after ..." */
    static String summary(String label, Unit unit, long done, long elapsedNanos, boolean interrupted) {
        String what = unit.bytes() ? unit.format(done) : unit.format(done) + " " + unit.name();
        String took = Units.duration(Duration.ofNanos(elapsedNanos));
        return label + ": " + (interrupted ? "interrupted after " + what + " in " + took
                : what + " in " + took) + " (" + unit.format((long) rate(done, elapsedNanos)) + "/s)";
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
