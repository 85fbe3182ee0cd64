package io.mockloop.db.faults;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.LogWriter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.WriterSettings;
import io.mockloop.db.maintenance.RetentionRun;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

/**
 * The process the kill tests start and SIGKILL ({@link io.mockloop.db.testing.ChildJvm}). One line on standard
 * output per step the parent needs to know about; every line is flushed before the next step starts.
 *
 * <p>Every mode first prints {@code STARTED}.
 * <ul>
 *   <li>{@code write URL ROUND SEED MIGRATE}: opens the database (migrating on start when MIGRATE is
 *   {@code true}, else without looking at the schema), prints {@code READY}, then appends
 *   request logs with paths {@code /kill/ROUND/N} (N = 0, 1, 2, ...) through the async writer in bursts of random
 *   size; after each {@code flush()} returns it prints {@code ACK N}: logs 0 to N-1 are acknowledged.</li>
 *   <li>{@code migrate URL}: opens the database without migrating, prints {@code MIGRATING}, migrates, prints
 *   {@code MIGRATED}.</li>
 *   <li>{@code cleanup URL}: opens the database, prints {@code CLEANING}, runs retention, prints
 *   {@code CLEANED outcome deletedRows}.</li>
 * </ul>
 * A child that is not killed within 60 s stops by itself (exit code 3), so that none outlives a broken test.
 */
public final class KillChild {

    private KillChild() {
    }

    /**
     * @param args the mode and its arguments (see the class comment)
     * @throws Exception whatever fails; the parent reads the child's standard error file
     */
    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(3);
        }, "kill-child-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        say("STARTED");
        String url = args[1];
        switch (args[0]) {
            case "write" -> write(url, args[2], Long.parseLong(args[3]), Boolean.parseBoolean(args[4]));
            case "migrate" -> migrate(url);
            case "cleanup" -> cleanup(url);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void write(String url, String round, long seed, boolean migrateOnStart) {
        Random random = new Random(seed);
        // without Liquibase the JVM is ready in about half the time: most rounds kill while logs flow
        try (MockLoopDb db = MockLoopDb.builder().url(url).poolSize(2).migrateOnStart(migrateOnStart)
                .checkSchemaOnStart(migrateOnStart).build()) {
            LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS.withLinger(Duration.ofMillis(2)));
            say("READY");
            int n = 0;
            while (true) {
                int burst = 1 + random.nextInt(40);
                for (int i = 0; i < burst; i++, n++) {
                    writer.enqueue(RequestLog.builder("POST", "/kill/" + round + "/" + n, 201)
                            .timestamp(Instant.now()).serverId("kill").requestId(round + "-" + n)
                            .requestBody("{\"n\":" + n + "}").responseTimeMs(n % 100).build());
                }
                writer.flush();
                say("ACK " + n);
            }
        }
    }

    private static void migrate(String url) {
        try (MockLoopDb db = MockLoopDb.builder().url(url).poolSize(1).migrateOnStart(false)
                .checkSchemaOnStart(false).build()) {
            say("MIGRATING");
            db.migrations().migrate();
            say("MIGRATED");
        }
    }

    private static void cleanup(String url) {
        try (MockLoopDb db = MockLoopDb.builder().url(url).poolSize(2).build()) {
            say("CLEANING");
            RetentionRun run = db.maintenance().runRetentionNow();
            say("CLEANED " + run.outcome() + " " + run.deletedRows());
        }
    }
}
