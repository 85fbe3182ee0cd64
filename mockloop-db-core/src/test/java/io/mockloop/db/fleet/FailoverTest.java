package io.mockloop.db.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.testing.ChildJvm;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.PrivateServer;
import io.mockloop.db.webhook.Delivery;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22.1: a PostgreSQL primary fails over to its hot standby while two mock-server processes
 * ({@link FailoverChild}) log through the async writer, resolve through the cached resolver and dispatch webhooks.
 * A private primary and a standby streaming from it ({@code pg_basebackup -R}) with
 * {@code synchronous_standby_names = '*'}, so that an acknowledged commit is on both; everyone connects with
 * {@code jdbc:postgresql://primary,standby/postgres?targetServerType=primary}. Each round kills the primary with
 * SIGKILL, waits {@link #DETECTION} (a failover manager's detection time), promotes the standby and, once every
 * writer has committed again, switches the scenario on the new primary. Afterwards every acknowledged log is on the new primary exactly once, each child's
 * writer resumed by itself within {@link #RESUME_GOAL} of the promotion, each child saw the switch within the
 * resolver's interval plus {@link #TOLERANCE}, and no webhook event has two recorded successes.
 *
 * <p>One failover by default, 3 s of traffic before it, about 30-40 s in all on a loaded 2-core machine.
 * {@code -Dmockloop.failover.rounds=N} fails over N times (after each round a new standby is made on the killed
 * primary's port, so the URL names the new pair), {@code -Dmockloop.failover.seconds=S} runs S seconds of traffic
 * before each kill. The figures of each round are printed; the README quotes them.
 */
class FailoverTest {

    private static final int ROUNDS = Integer.getInteger("mockloop.failover.rounds", 1);
    private static final Duration TRAFFIC = Duration.ofSeconds(Long.getLong("mockloop.failover.seconds", 3));
    private static final int PROCESSES = 2;
    private static final int POOL_SIZE = 6;
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(500);
    /** As in {@link ManyProcessesTest}: a loaded 2-core machine stalls JVMs for hundreds of milliseconds. */
    private static final Duration TOLERANCE = Duration.ofMillis(1500);
    /** How long after the kill the standby is promoted: what a failover manager takes to decide. */
    private static final Duration DETECTION = Duration.ofSeconds(1);
    /** The issue's goal: writers resume within this time after the promotion. */
    private static final Duration RESUME_GOAL = Duration.ofSeconds(10);
    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void afterAFailoverNothingAcknowledgedIsLostWritersResumeAndEveryProcessSeesTheNextSwitch() throws Exception {
        PrivateServer primary = PrivateServer.start(PrivateServer.Kind.POSTGRESQL);
        PrivateServer standby = null;
        List<Child> children = new ArrayList<>();
        try (Receiver receiver = new Receiver()) {
            standby = primary.startStandby();
            primary.requireSynchronousStandby();
            String url = "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.port()
                    + "/postgres?user=postgres&targetServerType=primary";
            Path goFile = tmp.resolve("go");
            Path stopFile = tmp.resolve("stop");
            for (int i = 1; i <= PROCESSES; i++) {
                String name = "p" + i;
                children.add(new Child(name, ChildJvm.start(FailoverChild.class, tmp.resolve(name + ".err"), url,
                        name, goFile.toString(), stopFile.toString(), "fleet", Long.toString(CHECK_INTERVAL.toMillis()),
                        Integer.toString(POOL_SIZE))));
            }
            try (MockLoopDb db = MockLoopDb.builder().url(url).poolSize(4).build()) {
                db.servers().register(ServerRegistration.of("Fleet", "specs/fleet.yaml", "out/fleet").withId("fleet"));
                for (String s : List.of("s0", "s1")) {
                    db.scenarios().create(NewScenario.of("fleet", s, ScenarioConfig.empty().withEndpoint(
                            EndpointResponse.of("GET", FleetChild.PROBE, 200, "{\"scenario\":\"" + s + "\"}"))));
                }
                db.scenarios().activate("fleet", "s0");
                Webhook webhook = db.webhooks().create("fleet",
                        WebhookSpec.of("fleet", receiver.url("/fleet"), WebhookEvents.REQUEST_RECEIVED));
                Path ready = Files.writeString(tmp.resolve("go.tmp"), Long.toString(webhook.id()));
                Files.move(ready, goFile, StandardCopyOption.ATOMIC_MOVE);
                for (Child c : children) {
                    c.awaitReady();
                }
                for (int round = 1; round <= ROUNDS; round++) {
                    Thread.sleep(TRAFFIC.toMillis());
                    children.forEach(Child::poll);
                    int freedPort = primary.port();
                    long killed = System.currentTimeMillis();
                    primary.kill();
                    Thread.sleep(DETECTION.toMillis());
                    // no standby is left to confirm commits: a failover manager clears the synchronous standby
                    // before promoting (else every commit on the new primary waits for one)
                    standby.execute("ALTER SYSTEM SET synchronous_standby_names = ''", "SELECT pg_reload_conf()");
                    standby.promote();
                    long promoted = System.currentTimeMillis();
                    primary.close();
                    primary = standby;
                    standby = null;
                    long resumedBy = awaitResumed(children, promoted);
                    // the switch once every process is back: what it then takes is the resolver's doing
                    String to = round % 2 == 1 ? "s1" : "s0";
                    long before = System.currentTimeMillis();
                    db.scenarios().activate("fleet", to);
                    long switched = System.currentTimeMillis();
                    awaitSeen(children, to, before, switched);
                    report(round, children, killed, promoted, before, switched);
                    assertThat(resumedBy - promoted).as("ms from promotion until every writer committed again")
                            .isLessThanOrEqualTo(RESUME_GOAL.toMillis());
                    if (round < ROUNDS) {
                        standby = primary.startStandby(freedPort);
                        primary.requireSynchronousStandby();
                    }
                }
                Thread.sleep(1000);
                Files.createFile(stopFile);
                for (Child c : children) {
                    c.finish();
                }
                checkLogs(db, children);
                checkWebhooks(db, webhook, receiver, children);
            }
        } finally {
            children.forEach(c -> c.jvm.close());
            if (standby != null) {
                standby.close();
            }
            primary.close();
        }
    }

    /** Waits until every child acknowledged a flush after {@code promoted}; returns when the last one did. */
    private static long awaitResumed(List<Child> children, long promoted) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() - deadline < 0) {
            children.forEach(Child::poll);
            if (children.stream().allMatch(c -> c.firstAckAfter(promoted).isPresent())) {
                return children.stream().mapToLong(c -> c.firstAckAfter(promoted).get()).max().orElseThrow();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("writers did not resume within 60 s of the promotion: " + children);
    }

    private static void awaitSeen(List<Child> children, String scenario, long before, long switched)
            throws InterruptedException {
        long limit = CHECK_INTERVAL.plus(TOLERANCE).toMillis();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() - deadline < 0) {
            children.forEach(Child::poll);
            if (children.stream().allMatch(c -> c.sawAfter(scenario, before).isPresent())) {
                for (Child c : children) {
                    assertThat(c.sawAfter(scenario, before).get() - switched)
                            .as("%s: ms from the switch to %s on the new primary until its resolver answered from it",
                                    c.name, scenario).isLessThanOrEqualTo(limit);
                }
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not every child saw " + scenario + " within 30 s: " + children);
    }

    private static void report(int round, List<Child> children, long killed, long promoted, long before,
                               long switched) {
        StringBuilder line = new StringBuilder(String.format("failover round %d: promoted %d ms after the kill;",
                round, promoted - killed));
        for (Child c : children) {
            long lastBefore = c.acks.stream().filter(a -> a < killed).mapToLong(Long::longValue).max().orElse(killed);
            long first = c.firstAckAfter(promoted).orElseThrow();
            line.append(String.format(" %s: writer committed again %d ms after the promotion (no commit for %d ms),"
                            + " saw the next switch %d ms after it committed;", c.name, first - promoted, first - lastBefore,
                    c.sawAfter(round % 2 == 1 ? "s1" : "s0", before).orElseThrow() - switched));
        }
        System.out.println(line);
    }

    private static void checkLogs(MockLoopDb db, List<Child> children) {
        Map<String, Integer> stored = new HashMap<>();
        var requestId = DSL.field(DSL.name("request_id"), String.class);
        InternalAccess.dsl(db).select(requestId, DSL.count()).from(DSL.table(DSL.name("request_logs")))
                .groupBy(requestId).fetch().forEach(r -> stored.put(r.value1(), r.value2()));
        long acknowledged = 0;
        for (Child c : children) {
            assertThat(c.done).as("%s: enqueued, written, dropped", c.name).containsExactly(c.acked, c.acked, 0L);
            acknowledged += c.acked;
            for (long i = 1; i <= c.acked; i++) {
                assertThat(stored.get(c.name + "-" + i)).as("rows with request id %s-%d on the new primary", c.name, i)
                        .isEqualTo(1);
            }
        }
        assertThat(stored.values().stream().mapToLong(Integer::longValue).sum()).as("rows on the new primary")
                .isEqualTo(acknowledged);
        System.out.printf("failover: %d logs acknowledged by %d processes, each on the new primary once%n",
                acknowledged, children.size());
    }

    /**
     * Every event whose publish returned was delivered, with exactly one recorded success; an event whose publish
     * threw may be there (its commit's answer was lost) or not, and if there, it too has at most one success. No
     * delivery is left pending.
     */
    private static void checkWebhooks(MockLoopDb db, Webhook webhook, Receiver receiver, List<Child> children) {
        Map<String, Long> published = new LinkedHashMap<>();
        Set<String> unknown = new HashSet<>();
        children.forEach(c -> {
            published.putAll(c.published);
            unknown.addAll(c.publishFailed);
        });
        Set<String> received = receiver.received().stream().map(r -> marker(r.body())).collect(Collectors.toSet());
        assertThat(received).as("markers received").containsAll(published.keySet());
        assertThat(received).as("markers received that no publish acknowledged or attempted")
                .allMatch(m -> published.containsKey(m) || unknown.contains(m));
        List<Delivery> deliveries = db.webhooks().listDeliveries(webhook.id());
        int resent = 0;
        for (Delivery d : deliveries) {
            List<DeliveryAttempt> attempts = db.webhooks().attempts(d.id());
            assertThat(attempts).as("successes recorded for delivery %d", d.id()).filteredOn(DeliveryAttempt::success)
                    .hasSize(1);
            assertThat(d.state()).as("delivery %d", d.id()).isEqualTo(DeliveryState.SUCCEEDED);
            resent += attempts.size() - 1;
        }
        assertThat(deliveries.stream().map(Delivery::id).collect(Collectors.toSet())).as("deliveries stored")
                .containsAll(published.values());
        System.out.printf("failover: %d events published (%d more whose publish failed, %d of those stored), each"
                        + " delivered with one recorded success; %d attempts after a failed one; %d requests received%n",
                published.size(), unknown.size(), deliveries.size() - published.size(), resent,
                receiver.received().size());
    }

    private static String marker(String body) {
        int at = body.indexOf("\"marker\":\"") + "\"marker\":\"".length();
        return body.substring(at, body.indexOf('"', at));
    }

    /** One child process and what it reported so far. */
    private static final class Child {
        final String name;
        final ChildJvm jvm;
        final List<Long> acks = new ArrayList<>();
        final List<String[]> saw = new ArrayList<>();
        final Map<String, Long> published = new LinkedHashMap<>();
        final Set<String> publishFailed = new HashSet<>();
        long acked;
        List<Long> done = List.of();

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

        void poll() {
            jvm.drain().forEach(this::read);
        }

        Optional<Long> firstAckAfter(long t) {
            return acks.stream().filter(a -> a > t).findFirst();
        }

        Optional<Long> sawAfter(String scenario, long t) {
            return saw.stream().filter(s -> s[0].equals(scenario) && Long.parseLong(s[1]) >= t)
                    .map(s -> Long.parseLong(s[1])).findFirst();
        }

        void finish() throws Exception {
            int exit = jvm.waitFor(Duration.ofSeconds(90));
            poll();
            assertThat(exit).as("%s exit code; its stderr:%n%s", name, tail()).isZero();
        }

        private void read(String line) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "SAW" -> saw.add(new String[] {f[1], f[2]});
                case "ACK" -> {
                    acked = Math.max(acked, Long.parseLong(f[1]));
                    acks.add(Long.parseLong(f[2]));
                }
                case "PUB" -> published.put(f[1], Long.parseLong(f[2]));
                case "PUBFAIL" -> publishFailed.add(f[1]);
                case "DONE" -> done = List.of(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
                default -> {
                    // not part of the protocol
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

        @Override
        public String toString() {
            return name + " (acks " + acks.size() + ", last " + (acks.isEmpty() ? "-" : acks.get(acks.size() - 1))
                    + ", saw " + saw.stream().map(s -> s[0] + "@" + s[1]).toList() + ")";
        }
    }
}
