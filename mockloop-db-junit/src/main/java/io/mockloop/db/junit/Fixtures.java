package io.mockloop.db.junit;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.Stores;
import io.mockloop.db.ValidationException;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.MockResponse;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.Scenario;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.MockServer;
import io.mockloop.db.server.ServerRegistration;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Fixture helpers for the common test setup, written through the public stores only.
 *
 * <pre>{@code
 * ServerFixture pets = Fixtures.server("Pet Store")
 *         .scenario("happy", EndpointResponse.of("GET", "/pets/{id}", 200, "{\"id\": 1}"))
 *         .scenario("broken", EndpointResponse.of("GET", "/pets/{id}", 500, "oops"))
 *         .response(MockResponseSpec.of("GET", "/health").withResponse(200, "ok"))
 *         .activate("happy")
 *         .createIn(db);
 * }</pre>
 *
 * and a batch of request logs with chosen statuses and times:
 *
 * <pre>{@code
 * Fixtures.logs().server(pets.serverId()).statuses(200, 200, 500).responseTimesMs(5, 80).count(30).appendTo(db);
 * }</pre>
 *
 * <p>Builders are immutable (every method returns a copy) and so thread-safe; one builder may create the same
 * fixture in many databases.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * @param name the server's name (also the base of its spec path and output directory)
     * @return a builder of a server with no scenarios or responses yet
     * @throws NullPointerException when {@code name} is null
     */
    public static ServerBuilder server(String name) {
        Objects.requireNonNull(name, "name");
        return new ServerBuilder(ServerRegistration.of(name, "specs/" + slug(name) + ".yaml",
                "generated/" + slug(name)), new LinkedHashMap<>(), List.of(), null);
    }

    private static String slug(String name) {
        String s = name.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-|-$)", "");
        return s.isEmpty() ? "server" : s;
    }

    /**
     * @return a builder of request logs: by default one {@code GET /} answered 200 in 10 ms, for no server, ending
     *         now; choose statuses, times and the rest with its methods
     */
    public static LogBatch logs() {
        return new LogBatch(null, "GET", "/", new int[] {200}, new int[] {10}, 1, null, Duration.ofSeconds(1), null);
    }

    /**
     * A batch of request logs with chosen statuses and times, stored in one transaction by
     * {@link #appendTo(MockLoopDb)}. Statuses and response times cycle when {@link #count(int)} asks for more logs
     * than were given; timestamps start at {@link #startingAt(Instant)} and grow by {@link #every(Duration)}.
     * Immutable.
     *
     * <pre>{@code
     * Fixtures.logs().server(pets.serverId()).endpoint("GET", "/pets/1")
     *         .statuses(200, 200, 404, 500).responseTimesMs(5, 50).count(100)
     *         .startingAt(Instant.parse("2026-03-01T10:00:00Z")).every(Duration.ofSeconds(1))
     *         .appendTo(db);
     * }</pre>
     */
    public static final class LogBatch {

        private final String serverId;
        private final String method;
        private final String path;
        private final int[] statuses;
        private final int[] responseTimesMs;
        private final int count;
        private final Instant start;
        private final Duration step;
        private final String scenario;

        private LogBatch(String serverId, String method, String path, int[] statuses, int[] responseTimesMs, int count,
                         Instant start, Duration step, String scenario) {
            this.serverId = serverId;
            this.method = method;
            this.path = path;
            this.statuses = statuses;
            this.responseTimesMs = responseTimesMs;
            this.count = count;
            this.start = start;
            this.step = step;
            this.scenario = scenario;
        }

        /**
         * @param id the server the logs belong to, or {@code null} for none
         * @return a copy for that server
         */
        public LogBatch server(String id) {
            return new LogBatch(id, method, path, statuses, responseTimesMs, count, start, step, scenario);
        }

        /**
         * @param m the HTTP method
         * @param p the request path
         * @return a copy whose logs request that endpoint
         */
        public LogBatch endpoint(String m, String p) {
            return new LogBatch(serverId, Objects.requireNonNull(m, "method"), Objects.requireNonNull(p, "path"),
                    statuses, responseTimesMs, count, start, step, scenario);
        }

        /**
         * @param s the response statuses, one log each in this order; also sets {@link #count(int)} to their number
         * @return a copy with those statuses
         * @throws IllegalArgumentException when none is given
         */
        public LogBatch statuses(int... s) {
            if (s.length == 0) {
                throw new IllegalArgumentException("statuses must not be empty");
            }
            return new LogBatch(serverId, method, path, s.clone(), responseTimesMs, s.length, start, step, scenario);
        }

        /**
         * @param ms the response times in milliseconds, cycled over the logs
         * @return a copy with those times
         * @throws IllegalArgumentException when none is given
         */
        public LogBatch responseTimesMs(int... ms) {
            if (ms.length == 0) {
                throw new IllegalArgumentException("responseTimesMs must not be empty");
            }
            return new LogBatch(serverId, method, path, statuses, ms.clone(), count, start, step, scenario);
        }

        /**
         * @param n how many logs (statuses and times cycle)
         * @return a copy making {@code n} logs
         * @throws IllegalArgumentException when {@code n} is below 1
         */
        public LogBatch count(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("count must be >= 1 (was " + n + ")");
            }
            return new LogBatch(serverId, method, path, statuses, responseTimesMs, n, start, step, scenario);
        }

        /**
         * @param first the first log's timestamp (default: so that the last log is stamped now)
         * @return a copy starting then
         */
        public LogBatch startingAt(Instant first) {
            return new LogBatch(serverId, method, path, statuses, responseTimesMs, count,
                    Objects.requireNonNull(first, "first"), step, scenario);
        }

        /**
         * @param gap the time between two consecutive logs (default 1 s; zero allowed)
         * @return a copy with that gap
         * @throws IllegalArgumentException when {@code gap} is negative
         */
        public LogBatch every(Duration gap) {
            if (gap.isNegative()) {
                throw new IllegalArgumentException("every must not be negative (was " + gap + ")");
            }
            return new LogBatch(serverId, method, path, statuses, responseTimesMs, count, start, gap, scenario);
        }

        /**
         * @param name the scenario the logs were answered under, or {@code null}
         * @return a copy with that scenario
         */
        public LogBatch scenario(String name) {
            return new LogBatch(serverId, method, path, statuses, responseTimesMs, count, start, step, name);
        }

        /** @return the logs, oldest first, not stored (timestamps at millisecond precision) */
        public List<RequestLog> build() {
            Instant first = start != null ? start
                    : Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(step.multipliedBy(count - 1L));
            List<RequestLog> logs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                logs.add(RequestLog.builder(method, path, statuses[i % statuses.length])
                        .timestamp(first.plus(step.multipliedBy(i)))
                        .responseTimeMs(responseTimesMs[i % responseTimesMs.length])
                        .serverId(serverId)
                        .scenarioName(scenario)
                        .build());
            }
            return logs;
        }

        /**
         * Stores the logs in one transaction through {@code db.requestLogs().appendAll(...)}.
         *
         * @param db the database
         * @return the logs as built (their ids are not filled in)
         * @throws ValidationException when a log breaks a write rule of the store; nothing is written
         */
        public List<RequestLog> appendTo(MockLoopDb db) {
            List<RequestLog> logs = build();
            db.requestLogs().appendAll(logs);
            return logs;
        }
    }

    /**
     * A server with scenarios and mock responses, created in one transaction by {@link #createIn(MockLoopDb)}.
     * Immutable.
     */
    public static final class ServerBuilder {

        private final ServerRegistration registration;
        private final Map<String, ScenarioConfig> scenarios;
        private final List<MockResponseSpec> responses;
        private final String active;

        private ServerBuilder(ServerRegistration registration, Map<String, ScenarioConfig> scenarios,
                              List<MockResponseSpec> responses, String active) {
            this.registration = registration;
            this.scenarios = scenarios;
            this.responses = List.copyOf(responses);
            this.active = active;
        }

        /**
         * @param registration the registration to use instead of the one derived from the name
         * @return a copy registering the server with it
         */
        public ServerBuilder registration(ServerRegistration registration) {
            return new ServerBuilder(Objects.requireNonNull(registration, "registration"), scenarios, responses,
                    active);
        }

        /**
         * @param port the server's port
         * @return a copy registering the server with that port
         */
        public ServerBuilder port(int port) {
            return registration(registration.withPort(port));
        }

        /**
         * @param name the scenario's name; a second call with the same name replaces the first
         * @param endpoints the scenario's endpoint responses (may be none)
         * @return a copy with the scenario added
         */
        public ServerBuilder scenario(String name, EndpointResponse... endpoints) {
            return scenario(name, new ScenarioConfig(List.of(endpoints), Map.of()));
        }

        /**
         * @param name the scenario's name; a second call with the same name replaces the first
         * @param config the scenario's configuration
         * @return a copy with the scenario added
         */
        public ServerBuilder scenario(String name, ScenarioConfig config) {
            Map<String, ScenarioConfig> all = new LinkedHashMap<>(scenarios);
            all.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(config, "config"));
            return new ServerBuilder(registration, all, responses, active);
        }

        /**
         * @param spec a mock response of the server (with {@link MockResponseSpec#inScenario(String)} for a
         *             scenario-specific one)
         * @return a copy with the response added
         */
        public ServerBuilder response(MockResponseSpec spec) {
            List<MockResponseSpec> all = new ArrayList<>(responses);
            all.add(Objects.requireNonNull(spec, "spec"));
            return new ServerBuilder(registration, scenarios, all, active);
        }

        /**
         * @param scenario the scenario to activate once everything is created (one added with {@link #scenario})
         * @return a copy that activates it
         */
        public ServerBuilder activate(String scenario) {
            return new ServerBuilder(registration, scenarios, responses, Objects.requireNonNull(scenario, "scenario"));
        }

        /**
         * Registers the server, then creates its scenarios and responses in the order given and activates the chosen
         * scenario, all in one transaction: when anything is refused nothing is written.
         *
         * @param db the database
         * @return what was created
         * @throws ValidationException when {@link #activate(String)} names a scenario not added, or a store refuses
         *         a value (the store's exceptions propagate unchanged)
         */
        public ServerFixture createIn(MockLoopDb db) {
            if (active != null && !scenarios.containsKey(active)) {
                throw new ValidationException("activate", "must name a scenario of the fixture " + scenarios.keySet(),
                        active);
            }
            return db.inTransaction(tx -> create(tx));
        }

        private ServerFixture create(Stores tx) {
            MockServer server = tx.servers().register(registration);
            for (Map.Entry<String, ScenarioConfig> s : scenarios.entrySet()) {
                tx.scenarios().create(NewScenario.of(server.id(), s.getKey(), s.getValue()));
            }
            List<MockResponse> created = new ArrayList<>();
            for (MockResponseSpec spec : responses) {
                created.add(tx.mockResponses().add(server.id(), spec));
            }
            if (active != null) {
                tx.scenarios().activate(server.id(), active);
            }
            return new ServerFixture(server, tx.scenarios().list(server.id()), created);
        }
    }

    /**
     * What {@link ServerBuilder#createIn(MockLoopDb)} created.
     *
     * @param server the registered server
     * @param scenarios its scenarios as stored after activation
     * @param responses its mock responses in the order given
     */
    public record ServerFixture(MockServer server, List<Scenario> scenarios, List<MockResponse> responses) {

        /** Copies the lists; no component may be null. */
        public ServerFixture {
            Objects.requireNonNull(server, "server");
            scenarios = List.copyOf(scenarios);
            responses = List.copyOf(responses);
        }

        /** @return the server's id */
        public String serverId() {
            return server.id();
        }

        /**
         * @param name a scenario name
         * @return that scenario of the fixture, or empty when there is none
         */
        public Optional<Scenario> scenario(String name) {
            return scenarios.stream().filter(s -> s.name().equals(name)).findFirst();
        }
    }
}
