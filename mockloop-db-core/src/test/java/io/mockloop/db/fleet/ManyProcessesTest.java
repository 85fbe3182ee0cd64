package io.mockloop.db.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.testing.ChildJvm;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import io.mockloop.db.webhook.DeliveryAttempt;
import io.mockloop.db.webhook.DeliveryState;
import io.mockloop.db.webhook.Receiver;
import io.mockloop.db.webhook.Webhook;
import io.mockloop.db.webhook.WebhookEvents;
import io.mockloop.db.webhook.WebhookSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several mock-server processes (separate JVMs, {@link FleetChild}) share one database for a bounded time, each
 * logging through the async writer, resolving through a cached resolver and dispatching webhooks, while this process
 * switches the active scenario at known moments. Afterwards: every acknowledged log is stored exactly once, every
 * process saw every switch within the resolver's check interval plus {@link #TOLERANCE}, and every event was
 * delivered with exactly one recorded success, each attempt sent by exactly one process (events marked for a retry:
 * a planned 503 first).
 *
 * <p>The figures below are those the README's pool sizing section quotes. Runs on PostgreSQL and MariaDB: per
 * database about 9 s of traffic plus the start of three JVMs (which overlaps the migration); 27 to 80 s per database
 * on the shared 2-core machine under a load average of 11 to 20.
 */
class ManyProcessesTest {

    private static final int PROCESSES = 3;
    /**
     * What a child's threads can borrow at once: the writer 1, the dispatcher's poller and 2 senders 3, the
     * publisher 1, the resolver's check 1. With 4, up to 2 threads queued for connections.
     */
    private static final int POOL_SIZE = 6;
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(500);
    /**
     * Added to the check interval: a request must arrive after the check is due (requests come every few ms), the
     * version query and the reload take a few ms, and the shared 2-core test machine stalls JVMs for hundreds of ms.
     */
    private static final Duration TOLERANCE = Duration.ofMillis(1500);
    /**
     * The scenario switches after the initial s0, in order ({@code null}: deactivate): another scenario, none, and
     * back to the first one (the version check must notice a return to an earlier state).
     */
    private static final List<String> SWITCHES = java.util.Arrays.asList("s1", null, "s0");
    /** At least the interval plus the tolerance, so that a process within the limit sees every state. */
    private static final Duration SWITCH_EVERY = CHECK_INTERVAL.plus(TOLERANCE);
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void processesSharingOneDatabaseLoseNothingDuplicateNothingAndSeeEverySwitchInTime(DbTarget target)
            throws Exception {
        long t0 = System.nanoTime();
        String serverId = "fleet";
        Path goFile = tmp.resolve("go");
        Path stopFile = tmp.resolve("stop");
        List<Child> children = new ArrayList<>();
        try (TestDatabase tdb = TestDatabase.create(target);
             Receiver receiver = new Receiver()) {
            try {
                // the children start up while this process migrates and sets up; they wait for the go file
                for (int i = 1; i <= PROCESSES; i++) {
                    String name = "p" + i;
                    children.add(new Child(name, ChildJvm.start(FleetChild.class, tmp.resolve(name + ".err"),
                            tdb.url(), name, goFile.toString(), stopFile.toString(), serverId,
                            Long.toString(CHECK_INTERVAL.toMillis()), Integer.toString(POOL_SIZE))));
                }
                try (MockLoopDb db = tdb.builder().poolSize(POOL_SIZE).build()) { // migrates
                    runFleet(target, db, receiver, serverId, goFile, stopFile, children, t0);
                }
            } finally {
                children.forEach(c -> c.jvm.close());
            }
        }
    }

    private void runFleet(DbTarget target, MockLoopDb db, Receiver receiver, String serverId, Path goFile,
                          Path stopFile, List<Child> children, long t0) throws Exception {
        db.servers().register(ServerRegistration.of("Fleet", "specs/fleet.yaml", "out/fleet").withId(serverId));
        for (String s : List.of("s0", "s1")) {
            db.scenarios().create(NewScenario.of(serverId, s, ScenarioConfig.empty()
                    .withEndpoint(EndpointResponse.of("GET", FleetChild.PROBE, 200, "{\"scenario\":\"" + s + "\"}"))));
        }
        db.scenarios().activate(serverId, "s0");
        Webhook webhook = db.webhooks().create(serverId,
                WebhookSpec.of("fleet", receiver.url("/fleet"), WebhookEvents.REQUEST_RECEIVED));
        receiver.respond(r -> Receiver.Answer.of(failsFirst(r) ? 503 : 200));
        Path ready = Files.writeString(tmp.resolve("go.tmp"), Long.toString(webhook.id()));
        Files.move(ready, goFile, StandardCopyOption.ATOMIC_MOVE);
        long t1 = System.nanoTime();
        for (Child c : children) {
            c.awaitReady();
        }
        long t2 = System.nanoTime();
        List<Switch> switches = new ArrayList<>();
        for (String to : SWITCHES) {
            Thread.sleep(SWITCH_EVERY.toMillis());
            long before = System.currentTimeMillis();
            if (to == null) {
                db.scenarios().deactivate(serverId);
            } else {
                db.scenarios().activate(serverId, to);
            }
            switches.add(new Switch(to == null ? "none" : to, before, System.currentTimeMillis()));
        }
        Thread.sleep(CHECK_INTERVAL.plus(TOLERANCE).toMillis());
        Files.createFile(stopFile);
        long t3 = System.nanoTime();
        for (Child c : children) {
            c.finish();
        }
        long t4 = System.nanoTime();
        System.out.printf("fleet %s: setup %d ms, children ready %d ms, run %d ms, drain %d ms%n", target,
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000);
        System.out.printf("fleet %s: pool of %d per process, peak in use and waiting: %s%n", target, POOL_SIZE,
                children.stream().map(c -> c.name + "=" + c.pool).collect(Collectors.joining(", ")));
        checkLogs(db, children);
        checkResolvers(children, switches);
        checkWebhooks(db, webhook, receiver, children);
    }

    /** Events published with {@code "retry":true} get a 503 on their first attempt. */
    private static boolean failsFirst(Receiver.Received r) {
        return r.body().contains("\"retry\":true") && "1".equals(r.header("X-Webhook-Attempt"));
    }

    private static void checkLogs(MockLoopDb db, List<Child> children) {
        Map<String, Integer> stored = new HashMap<>();
        var rl = DSL.table(DSL.name("request_logs"));
        var requestId = DSL.field(DSL.name("request_id"), String.class);
        InternalAccess.dsl(db).select(requestId, DSL.count()).from(rl).groupBy(requestId)
                .fetch().forEach(r -> stored.put(r.value1(), r.value2()));
        long acknowledged = 0;
        for (Child c : children) {
            assertThat(c.done).as("%s: enqueued, written, dropped", c.name)
                    .containsExactly(c.acked, c.acked, 0L);
            acknowledged += c.acked;
            for (long i = 1; i <= c.acked; i++) {
                assertThat(stored.get(c.name + "-" + i)).as("rows with request id %s-%d", c.name, i).isEqualTo(1);
            }
        }
        assertThat(stored.values().stream().mapToLong(Integer::longValue).sum())
                .as("rows stored (only acknowledged logs)").isEqualTo(acknowledged);
        assertThat(acknowledged).as("logs acknowledged").isGreaterThan(PROCESSES * 100L);
        System.out.printf("fleet: %d logs acknowledged by %d processes, each stored once%n", acknowledged, PROCESSES);
    }

    private static void checkResolvers(List<Child> children, List<Switch> switches) {
        long limit = CHECK_INTERVAL.plus(TOLERANCE).toMillis();
        long worst = 0;
        StringBuilder lags = new StringBuilder();
        for (Child c : children) {
            lags.append(' ').append(c.name).append('=');
            for (int i = 0; i < switches.size() && i + 1 < c.saw.size(); i++) {
                lags.append(i == 0 ? "" : ",").append(c.saw.get(i + 1).at - switches.get(i).committed);
            }
        }
        System.out.println("fleet: ms from each switch committed to first seen:" + lags);
        for (Child c : children) {
            List<String> expected = new ArrayList<>(List.of("s0"));
            switches.forEach(s -> expected.add(s.to));
            assertThat(c.saw).as("%s: scenarios its resolver answered from, in order", c.name)
                    .extracting(Seen::scenario).containsExactlyElementsOf(expected);
            for (int i = 0; i < switches.size(); i++) {
                Switch s = switches.get(i);
                long at = c.saw.get(i + 1).at;
                assertThat(at).as("%s saw switch %d to %s before it was made", c.name, i + 1, s.to)
                        .isGreaterThanOrEqualTo(s.before);
                assertThat(at - s.committed).as("%s: ms from switch %d (%s) committed to first seen", c.name, i + 1, s.to)
                        .isLessThanOrEqualTo(limit);
                worst = Math.max(worst, at - s.committed);
            }
        }
        System.out.printf("fleet: %d switches seen by %d processes, slowest after %d ms (interval %d ms)%n",
                switches.size(), children.size(), worst, CHECK_INTERVAL.toMillis());
    }

    /**
     * Every event reached the receiver, and what it received is exactly what the database recorded: each attempt of
     * each delivery sent once (never the same attempt by two processes), one success per delivery, as its last
     * attempt. A failed attempt is either the planned 503 or one whose outcome the sender could not know (timeout or
     * network error): the receiver may have got that one, which is why deliveries carry {@code X-Webhook-Delivery}
     * for de-duplication; those are counted and printed, not hidden.
     */
    private static void checkWebhooks(MockLoopDb db, Webhook webhook, Receiver receiver, List<Child> children) {
        Map<String, Long> published = new LinkedHashMap<>();
        children.forEach(c -> published.putAll(c.published));
        Map<String, List<Receiver.Received>> byMarker = receiver.received().stream()
                .collect(Collectors.groupingBy(r -> marker(r.body())));
        assertThat(byMarker.keySet()).as("markers received").containsExactlyInAnyOrderElementsOf(published.keySet());
        int retried = 0;
        List<String> unknownOutcomes = new ArrayList<>();
        for (Map.Entry<String, Long> e : published.entrySet()) {
            long deliveryId = e.getValue();
            List<DeliveryAttempt> attempts = db.webhooks().attempts(deliveryId);
            assertThat(byMarker.get(e.getKey())).as("requests received for %s", e.getKey())
                    .extracting(r -> r.header("X-Webhook-Delivery") + "#" + r.header("X-Webhook-Attempt"))
                    .containsExactlyInAnyOrderElementsOf(attempts.stream()
                            .map(a -> deliveryId + "#" + a.attemptNumber()).toList());
            assertThat(attempts).as("attempts recorded for %s", e.getKey()).filteredOn(DeliveryAttempt::success)
                    .hasSize(1).first().isEqualTo(attempts.get(attempts.size() - 1));
            boolean retry = byMarker.get(e.getKey()).get(0).body().contains("\"retry\":true");
            if (retry) {
                retried++;
                assertThat(attempts.get(0).responseStatus()).as("first attempt of %s", e.getKey()).contains(503);
            }
            for (DeliveryAttempt a : attempts.subList(retry ? 1 : 0, attempts.size() - 1)) {
                assertThat(a.responseStatus()).as("unplanned failed attempt %d of %s: %s", a.attemptNumber(),
                        e.getKey(), a.errorMessage()).isEmpty();
                unknownOutcomes.add(e.getKey() + "#" + a.attemptNumber() + ": " + a.errorMessage().orElse("?"));
            }
        }
        assertThat(db.webhooks().listDeliveries(webhook.id()))
                .as("deliveries in the database").hasSize(published.size())
                .allSatisfy(d -> assertThat(d.state()).isEqualTo(DeliveryState.SUCCEEDED));
        assertThat(published).as("events published").hasSizeGreaterThan(PROCESSES * 10);
        System.out.printf("fleet: %d events delivered, each attempt sent once, one success each (%d after the planned"
                + " 503; %d attempts retried after an unknown outcome %s)%n", published.size(), retried,
                unknownOutcomes.size(), unknownOutcomes);
    }

    private static String marker(String body) {
        int at = body.indexOf("\"marker\":\"") + "\"marker\":\"".length();
        return body.substring(at, body.indexOf('"', at));
    }

    /** A scenario switch made by this process: the wall clock before the call and after it committed. */
    private record Switch(String to, long before, long committed) {
    }

    /** A change of scenario a child's resolver answered from, and when (wall clock, same machine). */
    private record Seen(String scenario, long at) {
    }

    /** One child process and what it reported. */
    private static final class Child {
        final String name;
        final ChildJvm jvm;
        final List<Seen> saw = new ArrayList<>();
        final Map<String, Long> published = new LinkedHashMap<>();
        long acked;
        List<Long> done = List.of();
        List<Integer> pool = List.of();

        Child(String name, ChildJvm jvm) {
            this.name = name;
            this.jvm = jvm;
        }

        void awaitReady() throws Exception {
            long end = System.nanoTime() + STARTUP_LIMIT.toNanos();
            while (System.nanoTime() - end < 0) {
                String line = jvm.nextLine(Duration.ofMillis(200));
                if (line == null) {
                    continue;
                }
                if (line.equals("READY")) {
                    return;
                }
                if (line.equals(ChildJvm.EOF)) {
                    break;
                }
                read(line);
            }
            throw new AssertionError(name + " did not start; see " + jvm.stderr() + ":\n" + tail());
        }

        void finish() throws Exception {
            int exit = jvm.waitFor(Duration.ofSeconds(60));
            jvm.drain().forEach(this::read);
            assertThat(exit).as("%s exit code; its stderr:%n%s", name, tail()).isZero();
        }

        private void read(String line) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "SAW" -> saw.add(new Seen(f[1], Long.parseLong(f[2])));
                case "ACK" -> acked = Math.max(acked, Long.parseLong(f[1]));
                case "PUB" -> published.put(f[1], Long.parseLong(f[2]));
                case "POOL" -> pool = List.of(Integer.parseInt(f[1]), Integer.parseInt(f[2]));
                case "DONE" -> done = List.of(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
                default -> {
                    // anything else (a library log line) is not part of the protocol
                }
            }
        }

        private String tail() {
            try {
                List<String> lines = Files.readAllLines(jvm.stderr());
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
            } catch (java.io.IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }
}
