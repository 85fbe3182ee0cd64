package io.mockloop.db.junit;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.Stores;
import io.mockloop.db.ValidationException;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.MockResponse;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.Scenario;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.MockServer;
import io.mockloop.db.server.ServerRegistration;
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
