package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.log.LogWriter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.WriterSettings;
import io.mockloop.db.maintenance.RetentionSettings;
import io.mockloop.db.scenario.MockResponseResolver;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import io.mockloop.db.webhook.DispatcherOptions;
import io.mockloop.db.webhook.WebhookDispatcher;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A guest leaves nothing running: every thread the library starts (pool housekeeping, async writer, retention
 * schedule, dispatcher, resolver) is a daemon and is gone once {@link MockLoopDb#close()} returns (give or take a
 * moment for the JDK's HTTP client selector, which ends when its client is collected). The threads allowed to
 * stay are JVM-wide ones that serve every user in the JVM, not only us: MySQL Connector/J's
 * {@code mysql-cj-abandoned-connection-cleanup} (started once per JVM when that driver loads) and the JDK's shared
 * {@code process reaper} (started by the ProcessHandle calls of the retention lease check; it idles out by itself).
 */
class ThreadsAfterCloseTest {

    private static final Set<String> JVM_WIDE_THREADS = Set.of("mysql-cj-abandoned-connection-cleanup",
            "process reaper");

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "SQLITE_MEMORY", "POSTGRESQL", "MYSQL", "MARIADB"})
    void everyThreadTheLibraryStartedIsADaemonAndEndsWithClose(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
            Set<Thread> started;
            MockLoopDb db = tdb.builder()
                    .retention(RetentionSettings.every(Duration.ofDays(1)).withInitialDelay(Duration.ofMillis(10)))
                    .build();
            try {
                startEverything(db);
                Thread.sleep(100); // let the retention run and the dispatcher poll
                started = newThreads(before);
                assertThat(started).as("threads the library started").isNotEmpty()
                        .allSatisfy(t -> assertThat(t.isDaemon()).as(t.getName() + " is a daemon").isTrue());
                // a SQLite file in WAL mode is checkpointed by a thread of the library's (SqliteCheckpointer)
                assertThat(names(started).stream().anyMatch(n -> n.endsWith("-checkpoint")))
                        .as("a checkpoint thread among " + names(started)).isEqualTo(target == DbTarget.SQLITE_FILE);
                // writer, resolver and dispatcher are left open on purpose: close() must end them too
            } finally {
                db.close();
            }
            assertThat(names(aliveAfter(started, Duration.ofSeconds(2), t -> !isHttpSelector(t))))
                    .as("threads still running 2 s after close()").isEmpty();
            // Java 17's HTTP client cannot be closed: its selector ends once the client is unreachable and its
            // selector wakes up (every 3 s); on Java 21+ the dispatcher closes the client
            assertThat(names(aliveAfter(started, Duration.ofSeconds(8), t -> true)))
                    .as("JDK HTTP client selector still running 8 s after close()").isEmpty();
        }
    }

    /** Opens what starts threads and leaves it open (in a method of its own: no local of the test holds it). */
    private static void startEverything(MockLoopDb db) {
        db.servers().register(ServerRegistration.of("Pet Store", "/specs/petstore.yaml", "/out").withId("ps"));
        LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS);
        writer.enqueue(RequestLog.builder("GET", "/pets", 200).serverId("ps").build());
        assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
        MockResponseResolver resolver = db.mockResponses().resolver(Duration.ofMillis(10));
        resolver.resolve("ps", "GET", "/pets");
        WebhookDispatcher dispatcher = db.webhooks().dispatcher(DispatcherOptions.defaults()
                .withWorkerId("threads").withPollInterval(Duration.ofMillis(10)));
        dispatcher.start();
    }

    private static Set<Thread> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .filter(t -> !JVM_WIDE_THREADS.contains(t.getName()))
                .filter(t -> !t.getName().startsWith("surefire") && !t.getName().startsWith("Attach Listener"))
                .collect(Collectors.toSet());
    }

    private static Set<Thread> aliveAfter(Set<Thread> threads, Duration wait, Predicate<Thread> which)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Set<Thread> alive = threads.stream().filter(Thread::isAlive).filter(which).collect(Collectors.toSet());
            if (alive.isEmpty() || System.nanoTime() > deadline) {
                return alive;
            }
            System.gc(); // the JDK's HTTP client ends its selector thread once the client is unreachable
            Thread.sleep(50);
        }
    }

    private static boolean isHttpSelector(Thread t) {
        return t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager");
    }

    private static List<String> names(Set<Thread> threads) {
        return threads.stream().map(Thread::getName).sorted().collect(Collectors.toList());
    }

}
