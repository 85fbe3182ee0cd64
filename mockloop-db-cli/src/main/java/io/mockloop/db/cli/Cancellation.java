package io.mockloop.db.cli;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C for the commands whose work can stop at a chunk boundary (cleanup, export, import-upstream, backup): the
 * shutdown hook of {@link MockLoopCli#main(String...)} calls {@link #request()}, which interrupts the worker thread
 * of {@link Progress}; the store stops between chunks and the command reports what was done. Thread-safe.
 */
final class Cancellation {

    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile Thread worker;
    private volatile boolean used;

    /**
     * Asks the running work to stop.
     *
     * @return whether an interruptible operation is (or was) running in this run, so the caller should wait for
     *         its report
     */
    boolean request() {
        requested.set(true);
        Thread w = worker;
        if (w != null) {
            w.interrupt();
        }
        return used;
    }

    boolean requested() {
        return requested.get();
    }

    /** Called on the worker thread before it starts its work. */
    void attach(Thread w) {
        used = true;
        worker = w;
        if (requested.get()) {
            w.interrupt();
        }
    }

    void detach() {
        worker = null;
    }
}
