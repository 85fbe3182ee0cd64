package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.mockloop.db.log.ExportFormat;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.LogPage;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.MockResponse;
import io.mockloop.db.scenario.MockResponseFilter;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.Scenario;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import io.mockloop.db.webhook.DeliveryQuery;
import io.mockloop.db.webhook.WebhookSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded, reproducible random inputs for the query builders ({@link LogFilter}, {@link DeliveryQuery},
 * {@link MockResponseFilter}) and the store calls that take them, and for the scenario configuration parser
 * ({@link ScenarioConfig#parse}, metadata values, {@link NewScenario}, {@link MockResponseSpec}, scenario import) and
 * the YAML settings reader: whatever the input, the only exceptions that may escape are the library's own
 * ({@link MockLoopDbException} and its leaves), plus {@link NullPointerException} where a parameter's Javadoc says
 * it must not be null and the case passed null there.
 *
 * <p>{@code -Dmockloop.fuzz.seed=N} replays a run (every failure names the seed and the case);
 * {@code -Dmockloop.fuzz.cases=N} scales the run: N query cases on SQLite, N/4 on PostgreSQL, 3N/4 scenario
 * configuration cases, N/10 YAML files (default N = 2,000: 4,200 cases).
 */
class FuzzTest {

    static final long SEED = Long.getLong("mockloop.fuzz.seed", 20_261_130L);
    static final int CASES = Integer.getInteger("mockloop.fuzz.cases", 2_000);
    private static final String SERVER = "fuzz";

    /** What a case did, for the failure message, and whether it passed null where that is documented to throw. */
    static final class Trace {
        final long seed;
        final int index;
        final StringBuilder steps = new StringBuilder();
        boolean documentedNull;

        Trace(long seed, int index) {
            this.seed = seed;
            this.index = index;
        }

        Trace step(String what) {
            if (steps.length() < 4_000) {
                steps.append("\n    ").append(what.length() > 300 ? what.substring(0, 300) + "..." : what);
            }
            return this;
        }

        /** Marks that a null went to a parameter whose Javadoc documents a NullPointerException. */
        <T> T nullable(T value) {
            if (value == null) {
                documentedNull = true;
            }
            return value;
        }

        String where() {
            return "seed " + SEED + ", case " + index + " (case seed " + seed + "; replay: -Dmockloop.fuzz.seed=" + SEED
                    + "), steps:" + steps;
        }
    }

    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    /** Runs one call of a case: the library's exceptions pass, anything else fails the test naming the seed. */
    static void expectOnlyLibraryErrors(Trace t, Call call) {
        try {
            call.run();
        } catch (StoreUnavailableException e) {
            // the database is up: this is input the library let through to the database, which refused it
            fail("input reached the database and failed there at " + t.where(), e);
        } catch (MockLoopDbException e) {
            assertThat(e.getMessage()).as("message of %s at %s", e, t.where()).isNotBlank();
        } catch (NullPointerException e) {
            if (!t.documentedNull) {
                fail("undocumented NullPointerException at " + t.where(), e);
            }
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n  at " + t.where(), e);
        } catch (Throwable e) {
            fail(e.getClass().getName() + " escaped at " + t.where(), e);
        }
    }

    interface CaseBody {
        void run(Trace t, Gen g) throws Exception;
    }

    /**
     * Runs {@code cases} cases, each from its own seed drawn from {@link #SEED}; collects every failure (one per
     * distinct exception and place) and fails at the end listing them.
     *
     * @return the number of cases run
     */
    static int runCases(int cases, CaseBody body) {
        Random master = new Random(SEED);
        Map<String, String> failures = new LinkedHashMap<>();
        for (int i = 0; i < cases; i++) {
            long caseSeed = master.nextLong();
            Trace t = new Trace(caseSeed, i);
            Gen g = new Gen(new Random(caseSeed));
            try {
                expectOnlyLibraryErrors(t, () -> body.run(t, g));
            } catch (AssertionError e) {
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                StackTraceElement[] st = root.getStackTrace();
                String site = java.util.Arrays.stream(st).filter(f -> f.getClassName().startsWith("io.mockloop.db")
                        && !f.getClassName().startsWith(FuzzTest.class.getName())).findFirst()
                        .map(String::valueOf).orElse(st.length > 0 ? String.valueOf(st[0]) : "");
                String key = root.getClass().getName() + " at " + site;
                StringBuilder where = new StringBuilder();
                for (int k = 0, shown = 0; k < st.length && shown < 6; k++) {
                    if (k < 2 || st[k].getClassName().startsWith("io.mockloop.db")) {
                        where.append("\n    at ").append(st[k]);
                        shown++;
                    }
                }
                failures.putIfAbsent(key, e.getMessage() + "\n  cause: " + root + where);
            }
        }
        assertThat(failures.values()).as("%d distinct failures in %d cases", failures.size(), cases).isEmpty();
        System.out.println("fuzz: " + cases + " cases, seed " + SEED);
        return cases;
    }

    // ------------------------------------------------------------------ query builders and the calls taking them

    @Test
    void randomLogFiltersCursorsAndQueriesOnSqliteOnlyFailWithTheLibrarysErrors() {
        try (MockLoopDb db = MockLoopDb.inMemory()) {
            fuzzQueries(db, CASES);
        }
    }

    @Test
    void randomLogFiltersCursorsAndQueriesOnPostgresqlOnlyFailWithTheLibrarysErrors() {
        fuzzQueries(TestDatabase.fresh(DbTarget.POSTGRESQL), CASES / 4);
    }

    private static void fuzzQueries(MockLoopDb db, int cases) {
        Fixture fx = Fixture.fill(db);
        List<String> cursors = new ArrayList<>();
        long[] nanos = new long[12];
        runCases(cases, (t, g) -> {
            int op = g.r.nextInt(12);
            long t0 = System.nanoTime();
            try {
                queryCase(db, fx, cursors, t, g, op);
            } finally {
                nanos[op] += System.nanoTime() - t0;
            }
        });
        System.out.println("fuzz query ms per operation: " + java.util.Arrays.toString(
                java.util.Arrays.stream(nanos).map(n -> n / 1_000_000).toArray()));
        assertThat(cursors).as("some pages had a next page").isNotEmpty();
    }

    private static void queryCase(MockLoopDb db, Fixture fx, List<String> cursors, Trace t, Gen g, int op) {
        {
            if (op == 10) {
                DeliveryQuery q = t.nullable(deliveryQuery(t, g));
                if (q != null) {
                    t.step("history(" + q + ")");
                    expectOnlyLibraryErrors(t, () -> db.webhooks().history(q));
                }
                return;
            }
            if (op == 11) {
                mockResponseQueries(db, t, g, fx);
                return;
            }
            LogFilter f = logFilter(t, g);
            t.step("filter " + f);
            switch (op) {
                case 0, 1, 2 -> {
                    int size = g.size();
                    String cursor = cursor(g, cursors);
                    t.step("page(size " + size + ", cursor " + cursor + ")");
                    expectOnlyLibraryErrors(t, () -> {
                        LogPage p = cursor == null ? db.requestLogs().page(t.nullable(f), size)
                                : db.requestLogs().page(t.nullable(f), size, cursor);
                        assertThat(p.items()).hasSizeLessThanOrEqualTo(size);
                        p.nextCursor().ifPresent(c -> {
                            cursors.add(c);
                            LogPage next = db.requestLogs().page(f, size, c);
                            Set<Long> ids = new HashSet<>();
                            p.items().forEach(l -> ids.add(l.id().orElseThrow()));
                            next.items().forEach(l -> assertThat(ids).as("rows on two pages").doesNotContain(l.id().orElseThrow()));
                        });
                    });
                }
                case 3 -> expectOnlyLibraryErrors(t.step("count"), () -> {
                    long n = db.requestLogs().count(t.nullable(f));
                    assertThat(n).isBetween(0L, (long) fx.logs);
                });
                case 4 -> {
                    int limit = g.size();
                    t.step("list(limit " + limit + ")");
                    expectOnlyLibraryErrors(t, () -> assertThat(db.requestLogs().list(t.nullable(f), limit))
                            .hasSizeLessThanOrEqualTo(Math.max(0, limit)));
                }
                case 5 -> {
                    int take = g.r.nextInt(700);
                    t.step("stream().limit(" + take + ")");
                    expectOnlyLibraryErrors(t, () -> {
                        try (var s = db.requestLogs().stream(t.nullable(f))) {
                            assertThat(s.limit(take).count()).isLessThanOrEqualTo(take);
                        }
                    });
                }
                case 6 -> expectOnlyLibraryErrors(t.step("endpointStats"), () -> db.requestLogs().endpointStats(t.nullable(f)));
                case 7 -> {
                    Duration width = g.duration();
                    t.step("timeBuckets(" + width + ")");
                    expectOnlyLibraryErrors(t, () -> db.requestLogs().timeBuckets(t.nullable(f), t.nullable(width)));
                }
                case 8 -> {
                    ExportFormat format = g.r.nextInt(10) == 0 ? null : ExportFormat.values()[g.r.nextInt(3)];
                    t.step("export(" + format + ")");
                    expectOnlyLibraryErrors(t, () -> {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        long n = db.requestLogs().export(t.nullable(f), t.nullable(format), out);
                        assertThat(n).isBetween(0L, (long) fx.logs);
                    });
                }
                default -> {
                    String server = g.string();
                    t.step("summary(" + server + ")");
                    expectOnlyLibraryErrors(t, () -> {
                        if (server == null) {
                            db.requestLogs().summary();
                        } else {
                            db.requestLogs().summary(server);
                        }
                    });
                }
            }
        }
    }

    /** Calls a builder setter with a generated value unless it is null (a criterion left out: setters refuse null). */
    private static <T> void ifGiven(T value, java.util.function.Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    /** A filter from random builder calls, or from the canonical constructor with random components. */
    static LogFilter logFilter(Trace t, Gen g) {
        if (g.r.nextInt(8) == 0) {
            Set<String> methods = g.r.nextBoolean() ? Set.of() : g.methods();
            LogFilter.PathMatch m = g.r.nextBoolean() ? null : LogFilter.PathMatch.values()[g.r.nextInt(4)];
            return new LogFilter(g.maybe(g::string), methods, m, g.maybe(g::string), g.maybe(g::integer),
                    g.maybe(g::integer), g.maybe(g::integer), g.maybe(g::integer), g.instant(), g.instant(),
                    g.maybe(g::string), g.maybe(g::string), g.maybe(g::string), g.maybe(g::string),
                    LogFilter.Order.values()[g.r.nextInt(2)]);
        }
        LogFilter.Builder b = LogFilter.builder();
        int calls = g.r.nextInt(5);
        for (int i = 0; i < calls; i++) {
            switch (g.r.nextInt(16)) {
                case 0 -> ifGiven(g.r.nextBoolean() ? SERVER : g.string(), b::server);
                case 1 -> b.methods(g.methods().toArray(String[]::new));
                case 2 -> ifGiven(g.path(), b::path);
                case 3 -> ifGiven(g.path(), b::pathPrefix);
                case 4 -> ifGiven(g.path(), b::pathGlob);
                case 5 -> ifGiven(g.path(), b::pathRegex);
                case 6 -> b.status(g.integer());
                case 7 -> b.statusClass(g.r.nextInt(8) - 1);
                case 8 -> b.statusBetween(g.integer(), g.integer());
                case 9 -> {
                    switch (g.r.nextInt(3)) {
                        case 0 -> b.responseTimeAtLeast(g.integer());
                        case 1 -> b.responseTimeAtMost(g.integer());
                        default -> b.responseTimeBetween(g.integer(), g.integer());
                    }
                }
                case 10 -> ifGiven(g.instant(), b::from);
                case 11 -> ifGiven(g.instant(), b::to);
                case 12 -> ifGiven(g.string(), b::clientIp);
                case 13 -> ifGiven(g.string(), b::scenario);
                case 14 -> ifGiven(g.string(), b::requestId);
                default -> {
                    ifGiven(g.string(), b::containing);
                    if (g.r.nextBoolean()) {
                        b.oldestFirst();
                    }
                }
            }
        }
        LogFilter f = b.build();
        return g.r.nextInt(10) == 0 ? f.toBuilder().newestFirst().build() : f;
    }

    /** A cursor: none, one a page returned, a mutation of one, or forged text. */
    static String cursor(Gen g, List<String> seen) {
        int k = g.r.nextInt(10);
        if (k < 3 || seen.isEmpty() && k < 6) {
            return null;
        }
        String valid = seen.isEmpty() ? null : seen.get(g.r.nextInt(seen.size()));
        return switch (k) {
            case 3, 4 -> valid;
            case 5 -> g.mutate(valid == null ? "djE6MTox" : valid);
            case 6 -> Base64.getUrlEncoder().withoutPadding().encodeToString(("v1:" + g.longValue() + ":"
                    + g.longValue()).getBytes(StandardCharsets.UTF_8));
            case 7 -> Base64.getUrlEncoder().encodeToString(g.string() == null ? new byte[0]
                    : ("v1:" + g.string() + ":" + g.string()).getBytes(StandardCharsets.UTF_8));
            default -> g.string();
        };
    }

    static DeliveryQuery deliveryQuery(Trace t, Gen g) {
        if (g.r.nextInt(6) == 0) {
            t.step("new DeliveryQuery(...)");
            return new DeliveryQuery(g.r.nextInt(10) == 0 ? t.nullable(null) : Optional.of(g.longValue()),
                    Optional.ofNullable(g.string()), Optional.of(g.r.nextBoolean()),
                    Optional.ofNullable(g.instant()), Optional.ofNullable(g.instant()), g.integer(),
                    Optional.ofNullable(g.string()));
        }
        DeliveryQuery q = DeliveryQuery.all();
        int calls = g.r.nextInt(5);
        for (int i = 0; i < calls; i++) {
            switch (g.r.nextInt(6)) {
                case 0 -> q = q.withWebhook(g.longValue());
                case 1 -> {
                    String e = g.string();
                    q = q.withEvent(t.nullable(e));
                }
                case 2 -> q = q.withSuccess(g.r.nextBoolean());
                case 3 -> {
                    Instant from = g.instant();
                    Instant to = g.instant();
                    q = q.between(t.nullable(from), t.nullable(to));
                }
                case 4 -> q = q.withLimit(g.integer());
                default -> {
                    String c = g.r.nextBoolean() ? g.string() : g.longValue() + ":" + g.longValue();
                    q = q.after(t.nullable(c));
                }
            }
        }
        return q;
    }

    private static void mockResponseQueries(MockLoopDb db, Trace t, Gen g, Fixture fx) {
        String server = g.r.nextInt(3) == 0 ? g.string() : SERVER;
        switch (g.r.nextInt(3)) {
            case 0 -> {
                t.step("mockResponses().list(filter for " + server + ")");
                expectOnlyLibraryErrors(t, () -> {
                    MockResponseFilter f = new MockResponseFilter(t.nullable(server),
                            Optional.ofNullable(g.maybe(g::path)), Optional.ofNullable(g.maybe(g::string)),
                            Optional.ofNullable(g.maybe(g::string)));
                    if (g.r.nextInt(4) == 0) {
                        f = f.withEndpoint(t.nullable(g.path())).withMethod(t.nullable(g.string()))
                                .withScenario(t.nullable(g.string()));
                    }
                    t.step(f.toString());
                    db.mockResponses().list(f);
                });
            }
            case 1 -> {
                String method = g.string();
                String path = g.path();
                t.step("resolve(" + server + ", " + method + ", " + path + ")");
                expectOnlyLibraryErrors(t, () -> db.mockResponses().resolve(t.nullable(server), t.nullable(method),
                        t.nullable(path)));
            }
            default -> {
                String method = g.string();
                String path = g.path();
                t.step("resolver().resolve(" + server + ", " + method + ", " + path + ")");
                expectOnlyLibraryErrors(t, () -> fx.resolver(db).resolve(t.nullable(server), t.nullable(method),
                        t.nullable(path)));
            }
        }
    }

    // ------------------------------------------------------------------ scenario configuration and settings parsers

    @Test
    void randomAndMutatedScenarioConfigurationsOnlyFailWithTheLibrarysErrors() {
        try (MockLoopDb db = MockLoopDb.inMemory()) {
            db.servers().register(ServerRegistration.of("fuzz", "spec.yaml", "out").withId(SERVER));
            String seedDoc = seedScenario(db);
            runCases(CASES * 3 / 4, (t, g) -> {
                switch (g.r.nextInt(6)) {
                    case 0, 1 -> {
                        String json = g.r.nextBoolean() ? g.mutate(CANONICAL) : g.json(0);
                        t.step("parse " + json);
                        ScenarioConfig c = ScenarioConfig.parse(json);
                        assertThat(ScenarioConfig.parse(c.toJson())).as("parse(c.toJson()) equals c").isEqualTo(c);
                        if (g.r.nextInt(8) == 0) {
                            createScenario(db, t, g, c);
                        }
                    }
                    case 2 -> {
                        Map<String, Object> metadata = g.javaMap(0);
                        t.step("withMetadata " + metadata);
                        ScenarioConfig c = ScenarioConfig.empty().withMetadata(t.nullable(metadata));
                        assertThat(ScenarioConfig.parse(c.toJson())).isEqualTo(c);
                        if (g.r.nextInt(3) == 0) {
                            createScenario(db, t, g, c);
                        }
                    }
                    case 3 -> {
                        ScenarioConfig c = ScenarioConfig.empty();
                        int n = g.r.nextInt(4);
                        for (int i = 0; i < n; i++) {
                            EndpointResponse e = new EndpointResponse(t.nullable(g.string()), t.nullable(g.path()),
                                    g.integer(), t.nullable(g.headers()), t.nullable(g.r.nextInt(10) == 0 ? null
                                    : Optional.ofNullable(g.string())), g.integer());
                            t.step("endpoint " + e);
                            c = c.withEndpoint(e);
                        }
                        createScenario(db, t, g, c);
                    }
                    case 4 -> {
                        MockResponseSpec spec = new MockResponseSpec(t.nullable(g.string()), t.nullable(g.path()),
                                g.integer(), t.nullable(g.headers()), Optional.ofNullable(g.string()), g.integer(),
                                g.r.nextBoolean() ? Optional.empty() : Optional.ofNullable(g.string()),
                                g.r.nextBoolean());
                        t.step("mockResponses().add " + spec);
                        MockResponse added = db.mockResponses().add(SERVER, spec);
                        assertThat(db.mockResponses().get(added.id()).body()).isEqualTo(spec.body());
                        db.mockResponses().delete(added.id());
                    }
                    default -> {
                        String doc = g.mutate(seedDoc);
                        t.step("importScenario " + doc);
                        Scenario s = db.scenarios().importScenario(SERVER, doc);
                        db.scenarios().delete(SERVER, s.name(), true);
                    }
                }
            });
        }
    }

    private static void createScenario(MockLoopDb db, Trace t, Gen g, ScenarioConfig c) {
        NewScenario ns = new NewScenario(SERVER, t.nullable(g.r.nextInt(5) == 0 ? g.string()
                : "s" + g.r.nextInt(1_000_000)), Optional.ofNullable(g.string()), c, Optional.ofNullable(g.string()));
        t.step("create " + ns);
        Scenario s = db.scenarios().create(ns);
        assertThat(db.scenarios().get(SERVER, s.name()).config()).isEqualTo(c);
        db.scenarios().delete(SERVER, s.name(), true);
    }

    private static final String CANONICAL = ScenarioConfig.empty()
            .withEndpoint(EndpointResponse.of("GET", "/pets/{petId}", 200, "{\"id\":1}")
                    .withHeaders(Map.of("Content-Type", "application/json")).withDelayMs(5))
            .withEndpoint(EndpointResponse.of("POST", "/pets", 201))
            .withMetadata(Map.of("owner", "qa", "n", List.of(1, 2.5, true))).toJson();

    private static String seedScenario(MockLoopDb db) {
        db.scenarios().create(NewScenario.of(SERVER, "seed", ScenarioConfig.parse(CANONICAL)).withDescription("d"));
        db.mockResponses().add(SERVER, MockResponseSpec.of("GET", "/pets/{petId}").withResponse(404, "no")
                .inScenario("seed").withHeaders(Map.of("X-A", "b")));
        String doc = db.scenarios().exportScenario(SERVER, "seed");
        db.scenarios().delete(SERVER, "seed", true);
        return doc;
    }

    private static final String YAML = """
            database:
              type: sqlite
              path: ./db/fuzz.db
              pool_size: 4
              pool_timeout: 30
              echo: false
              migrate_on_start: true
              sqlite:
                journal_mode: WAL
                synchronous: NORMAL
                cache_size: 10000
                temp_store: MEMORY
                busy_timeout: 10000
              retention:
                enabled: true
                interval: 24h
                initial_delay: 60s
                webhook_delivery_retention: 7d
            """;

    @Test
    void mutatedYamlSettingsOnlyFailWithConfigurationErrors(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mockloop.yaml");
        runCases(CASES / 10, (t, g) -> {
            String yaml = g.r.nextInt(3) == 0 ? g.mutateYamlValue(YAML) : g.mutate(YAML);
            t.step("yaml " + yaml);
            byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8); // a lone surrogate becomes '?'
            if (g.r.nextInt(10) == 0) {
                bytes[g.r.nextInt(bytes.length)] = (byte) (g.r.nextBoolean() ? 0xFF : 0xC3); // not UTF-8
            }
            Files.write(file, bytes);
            try {
                MockLoopDb.builder().yaml(file, Map.of("HOME", "/tmp"));
            } catch (MockLoopDbException e) {
                assertThat(e).as("yaml refusal at %s", t.where()).isInstanceOf(ConfigurationException.class);
                throw e;
            }
        });
    }

    // ------------------------------------------------------------------ fixture and generators

    /** The rows the query cases read: logs, a webhook, mock responses and a scenario. */
    static final class Fixture {
        int logs;
        private io.mockloop.db.scenario.MockResponseResolver resolver;

        static Fixture fill(MockLoopDb db) {
            Fixture fx = new Fixture();
            db.servers().register(ServerRegistration.of("fuzz", "spec.yaml", "out").withId(SERVER));
            db.scenarios().create(NewScenario.of(SERVER, "on", ScenarioConfig.parse(CANONICAL)));
            db.scenarios().activate(SERVER, "on");
            db.mockResponses().add(SERVER, MockResponseSpec.of("GET", "/users/{id}").asDefault(true));
            db.webhooks().create(SERVER, WebhookSpec.of("hook", "https://example.com/h", "request.received"));
            Gen g = new Gen(new Random(SEED));
            List<RequestLog> logs = new ArrayList<>();
            Instant base = Instant.parse("2026-03-08T06:59:00Z"); // the New York DST gap is a few minutes later
            String[] paths = {"/pets", "/pets/1", "/pets/2", "/a%b_c!d", "/it's", "/\u00e9\u4e2d", "/users/7"};
            for (int i = 0; i < 300; i++) {
                logs.add(RequestLog.builder(i % 3 == 0 ? "POST" : "GET", paths[i % paths.length], 100 + g.r.nextInt(500))
                        .timestamp(base.plusSeconds(i * 29L).plusMillis(i % 2 == 0 ? 0 : 123))
                        .serverId(i % 4 == 0 ? "other" : SERVER).responseTimeMs(i % 5 == 0 ? null : g.r.nextInt(900))
                        .clientIp("10.0.0." + (i % 9)).requestId("r" + i).scenarioName(i % 2 == 0 ? "on" : null)
                        .requestBody(i % 6 == 0 ? "body " + i : null).responseBody("{\"n\":" + i + "}").build());
            }
            fx.logs = db.requestLogs().appendAll(logs);
            return fx;
        }

        io.mockloop.db.scenario.MockResponseResolver resolver(MockLoopDb db) {
            if (resolver == null) {
                resolver = db.mockResponses().resolver();
            }
            return resolver;
        }
    }

    /** Random values biased towards edges: nulls, empty and huge text, NUL, lone surrogates, extreme numbers. */
    static final class Gen {
        final Random r;

        Gen(Random r) {
            this.r = r;
        }

        private static final String[] TEXTS = {"", " ", "GET", "get", "POST", "/pets", "/pets/1", "/pets/*",
            "/pets/?", "%", "_", "!", "\\", "'", "\"", "a\u0000b", "x\uD800y", "\uDC00", "\u00e9\u4e2d\uD83D\uDE00",
            "*", "?", ".*", "[", "(", "a{", "\\Q", "(?i)/PETS", "^/pets/\\d+$", "'; DROP TABLE request_logs; --",
            SERVER, "other", "on", "r1", "10.0.0.1", "{petId}", "/{a}/{b}", "/{", "/}", "\t\n", "null", "NaN",
            "1e999", "-0", "\u202e", "\uFEFF"};

        String string() {
            int k = r.nextInt(20);
            if (k == 0) {
                return null;
            }
            if (k < 10) {
                return TEXTS[r.nextInt(TEXTS.length)];
            }
            if (k == 10 && r.nextInt(4) == 0) {
                return "y".repeat(r.nextBoolean() ? 256 : 70_000);
            }
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(12);
            for (int i = 0; i < len; i++) {
                sb.append(r.nextInt(4) == 0 ? (char) r.nextInt(0x10000) : (char) (32 + r.nextInt(95)));
            }
            return sb.toString();
        }

        String path() {
            String s = string();
            return s != null && r.nextBoolean() ? "/" + s : s;
        }

        Set<String> methods() {
            Set<String> out = new java.util.LinkedHashSet<>();
            int n = r.nextInt(3);
            for (int i = 0; i < n; i++) {
                out.add(r.nextBoolean() ? (r.nextBoolean() ? "get" : "POST") : string());
            }
            return out;
        }

        int integer() {
            return switch (r.nextInt(10)) {
                case 0 -> Integer.MIN_VALUE;
                case 1 -> Integer.MAX_VALUE;
                case 2 -> -1;
                case 3 -> 0;
                case 4 -> 1 + r.nextInt(20);
                case 5 -> 100 + r.nextInt(500);
                default -> r.nextInt(2_000) - 500;
            };
        }

        int size() {
            return switch (r.nextInt(8)) {
                case 0 -> integer();
                case 1 -> 10_000 + r.nextInt(3);
                default -> 1 + r.nextInt(r.nextBoolean() ? 20 : 200);
            };
        }

        long longValue() {
            return switch (r.nextInt(6)) {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE;
                case 2 -> -1;
                case 3 -> 1_772_953_140_000L + r.nextInt(10_000_000);
                default -> r.nextLong();
            };
        }

        Instant instant() {
            return switch (r.nextInt(12)) {
                case 0, 1, 2 -> null;
                case 3 -> Instant.MIN;
                case 4 -> Instant.MAX;
                case 5 -> Instant.EPOCH;
                case 6 -> Instant.ofEpochMilli(r.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE);
                case 7 -> Instant.parse(r.nextBoolean() ? "9999-12-31T23:59:59.999Z" : "0001-01-01T00:00:00Z");
                case 8 -> Instant.ofEpochSecond(r.nextLong() % 400_000_000_000L, r.nextInt(1_000_000_000));
                default -> Instant.parse("2026-03-08T06:59:00Z").plusMillis(r.nextInt(9_000_000) - 500_000);
            };
        }

        Duration duration() {
            return switch (r.nextInt(9)) {
                case 0 -> null;
                case 1 -> Duration.ZERO;
                case 2 -> Duration.ofMillis(-r.nextInt(5_000));
                case 3 -> Duration.ofMillis(999);
                case 4 -> Duration.ofSeconds(Long.MAX_VALUE);
                case 5 -> Duration.ofMillis(Long.MAX_VALUE).plusMillis(1);
                case 6 -> Duration.ofDays(1 + r.nextInt(100_000));
                default -> Duration.ofSeconds(1 + r.nextInt(3_600));
            };
        }

        <T> T maybe(Supplier<T> s) {
            return r.nextInt(3) == 0 ? null : s.get();
        }

        Map<String, String> headers() {
            if (r.nextInt(6) == 0) {
                return null;
            }
            Map<String, String> h = new LinkedHashMap<>();
            int n = r.nextInt(3);
            for (int i = 0; i < n; i++) {
                h.put(r.nextBoolean() ? "X-H" + i : string(), r.nextBoolean() ? "v" : string());
            }
            return h;
        }

        /** A random Java value for free-form JSON: mostly JSON values, sometimes something that is not. */
        Object javaValue(int depth) {
            return switch (r.nextInt(depth > 3 ? 9 : 13)) {
                case 0 -> null;
                case 1 -> string();
                case 2 -> r.nextBoolean();
                case 3 -> integer();
                case 4 -> longValue();
                case 5 -> new BigInteger(130, r).negate();
                case 6 -> r.nextBoolean() ? Double.NaN : r.nextBoolean() ? Double.POSITIVE_INFINITY : r.nextDouble();
                case 7 -> new BigDecimal(r.nextBoolean() ? "1e400" : "0.1");
                case 8 -> r.nextBoolean() ? (Object) (float) r.nextGaussian() : (Object) (short) r.nextInt();
                case 9 -> javaMap(depth + 1);
                case 10 -> {
                    List<Object> l = new ArrayList<>();
                    for (int i = r.nextInt(3); i > 0; i--) {
                        l.add(javaValue(depth + 1));
                    }
                    yield l;
                }
                case 11 -> r.nextBoolean() ? (Object) 'c' : Optional.empty();
                default -> Map.of(1, "integer key");
            };
        }

        Map<String, Object> javaMap(int depth) {
            if (r.nextInt(10) == 0) {
                return null;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = r.nextInt(4); i > 0; i--) {
                String k = r.nextInt(10) == 0 ? null : r.nextBoolean() ? "k" + i : string();
                m.put(k, javaValue(depth));
            }
            return m;
        }

        private static final String[] KEYS = {"endpoints", "metadata", "status", "headers", "body", "delay_ms",
            "delayMs", "GET", "post", "/pets/{id}", "/", "", "x"};

        /** A random JSON text shaped roughly like a configuration. */
        String json(int depth) {
            int k = r.nextInt(depth > 4 ? 8 : 11);
            return switch (k) {
                case 0 -> "null";
                case 1 -> r.nextBoolean() ? "true" : "false";
                case 2 -> String.valueOf(integer());
                case 3 -> r.nextBoolean() ? "1e400" : r.nextBoolean() ? "123456789012345678901234567890" : "-0.0";
                case 4, 5 -> quote(string());
                case 6 -> r.nextBoolean() ? "\"\\u0000\"" : "\"\\ud800\"";
                case 7 -> String.valueOf(r.nextDouble());
                case 8 -> {
                    StringBuilder sb = new StringBuilder("[");
                    for (int i = r.nextInt(3); i > 0; i--) {
                        sb.append(json(depth + 1)).append(i > 1 ? "," : "");
                    }
                    yield sb.append(']').toString();
                }
                default -> {
                    StringBuilder sb = new StringBuilder("{");
                    for (int i = r.nextInt(4); i > 0; i--) {
                        String key = r.nextInt(4) == 0 ? string() : KEYS[r.nextInt(KEYS.length)];
                        sb.append(quote(key == null ? "k" : key)).append(':').append(json(depth + 1))
                                .append(i > 1 ? "," : "");
                    }
                    yield sb.append('}').toString();
                }
            };
        }

        static String quote(String s) {
            if (s == null) {
                return "null";
            }
            StringBuilder sb = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            return sb.append('"').toString();
        }

        private static final String[] SPLICES = {"{", "}", "[", "]", ":", ",", "\"", "\\", "null", "-", "1e999",
            "99999999999999999999", "\\u0000", "\\ud800", "\u0000", "\uD800", "'", "#", "\n", "  ", "- ", "&a", "*a",
            "!!binary", "~", "${X}", "${X:-1}", "0x1F", "1_000", ".inf", "yes", "2147483648", "-1", "9e18"};

        /** A few random edits: delete, duplicate, insert a fragment, or replace a run. */
        String mutate(String s) {
            if (s == null) {
                return null;
            }
            StringBuilder sb = new StringBuilder(s);
            int edits = 1 + r.nextInt(4);
            for (int i = 0; i < edits; i++) {
                int at = sb.length() == 0 ? 0 : r.nextInt(sb.length());
                int len = Math.min(sb.length() - at, r.nextInt(8));
                switch (r.nextInt(4)) {
                    case 0 -> sb.delete(at, at + len);
                    case 1 -> sb.insert(at, sb.substring(at, at + len));
                    case 2 -> sb.insert(at, SPLICES[r.nextInt(SPLICES.length)]);
                    default -> sb.replace(at, at + len, SPLICES[r.nextInt(SPLICES.length)]);
                }
            }
            if (r.nextInt(20) == 0) {
                sb.insert(0, "[".repeat(3_000));
            }
            return sb.toString();
        }

        /** Replaces one scalar value of a YAML document by an edge value. */
        String mutateYamlValue(String yaml) {
            String[] lines = yaml.split("\n", -1);
            List<Integer> scalars = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].matches("\\s+\\w+: \\S.*")) {
                    scalars.add(i);
                }
            }
            int i = scalars.get(r.nextInt(scalars.size()));
            String key = lines[i].substring(0, lines[i].indexOf(':') + 1);
            String value = switch (r.nextInt(12)) {
                case 0 -> "-1";
                case 1 -> "99999999999999999999";
                case 2 -> "9223372036854775807";
                case 3 -> "2147483648";
                case 4 -> "999999999999d";
                case 5 -> "1.5e308s";
                case 6 -> "~";
                case 7 -> "[1, 2]";
                case 8 -> "{a: 1}";
                case 9 -> "\"\\u0000\"";
                case 10 -> "${NOPE}";
                default -> SPLICES[r.nextInt(SPLICES.length)];
            };
            lines[i] = key + " " + value;
            return String.join("\n", lines);
        }
    }
}
