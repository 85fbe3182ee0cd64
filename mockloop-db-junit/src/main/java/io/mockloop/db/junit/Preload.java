package io.mockloop.db.junit;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Loads the library's largest dependencies on a second thread while the first copy of the template loads the SQLite
 * driver and copies the file, so that a test JVM's first database pays for the two side by side rather than one after
 * the other. In a fresh JVM, initialising jOOQ's DSL (its bytecode is verified on first use) and Jackson's
 * ObjectMapper are most of the first open; the SQLite driver and its native library most of the rest.
 *
 * <p>Only a hint: a class that cannot be loaded is skipped, and opening the database loads whatever was not loaded
 * here, on its own thread, as it does without this. The thread is a daemon, and the first copy waits for it (at most
 * {@link #JOIN_MILLIS}) before it returns: by then the open has needed the same classes, so the thread has ended.
 * Thread-safe.
 */
final class Preload {

    /** Classes whose initialisation the first open waits for longest, in the order it needs them. */
    static final List<String> CLASSES = List.of("org.jooq.impl.DSL", "org.jooq.impl.DefaultDSLContext",
            "org.jooq.impl.SQLDataType", "com.fasterxml.jackson.databind.json.JsonMapper");

    /** The longest the first copy waits for the preloading thread after its own work is done. */
    static final long JOIN_MILLIS = TimeUnit.SECONDS.toMillis(10);

    private Preload() {
    }

    /**
     * Starts a daemon thread that initialises {@code classes} with {@code loader}, skipping those that cannot be
     * loaded or initialised.
     *
     * @param loader the class loader of the library's classes
     * @param classes fully qualified class names
     * @return the started thread; never null
     */
    static Thread start(ClassLoader loader, List<String> classes) {
        Thread t = new Thread(() -> {
            for (String name : classes) {
                try {
                    Class.forName(name, true, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    // a hint only: whoever needs the class loads it and meets the error itself
                }
            }
        }, "mockloop-db-junit-preload");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Waits, at most {@link #JOIN_MILLIS}, for a thread from {@link #start}. An interrupted wait returns at once with
     * the thread's interrupt status set again.
     *
     * @param t the thread, or null for none
     */
    static void join(Thread t) {
        if (t == null) {
            return;
        }
        try {
            t.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
