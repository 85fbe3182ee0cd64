package io.mockloop.db.benchmarks;

import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.MockResponseResolver;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.ServerRegistration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Part 5: the cached resolver against an uncached {@code db.mockResponses().resolve(...)} on the same server, and
 * {@code scenarios().activate(...)}, interleaved per repetition.
 */
final class ScenarioBench implements Part {

    static final String SECTION = "5. Scenarios: resolve and activate";
    private static final int ENDPOINTS = 20;

    @Override
    public String name() {
        return "scenarios";
    }

    @Override
    public void run(Profile p, Report report) throws Exception {
        report.note(SECTION, "A server with 20 endpoints (path templates with one or two `{param}` segments), two "
                + "scenarios whose configs answer every endpoint, and a default response row per endpoint. Requests "
                + "cycle over the 20 endpoints with concrete paths. `cached` is `db.mockResponses().resolver()` "
                + "(per-server cache, version check every 1 s); `uncached` is `db.mockResponses().resolve(...)`, "
                + "which reads the database each call. `activate` alternates between the two scenarios.");
        List<BenchDb.Kind> kinds = new ArrayList<>(List.of(BenchDb.Kind.SQLITE_FILE, BenchDb.Kind.SQLITE_MEMORY));
        if (p.scenariosOnPostgres() && !Benchmarks.skipServers) {
            kinds.add(BenchDb.Kind.POSTGRESQL);
        }
        for (BenchDb.Kind kind : kinds) {
            Benchmarks.log("scenarios on %s", kind.label);
            try (BenchDb bdb = BenchDb.create(kind)) {
                runOn(bdb, p, report);
            } catch (Exception e) {
                Benchmarks.log("scenarios on %s failed: %s", kind.label, e);
                report.error(SECTION + " (" + kind.label + ")", e);
            }
        }
    }

    private static void runOn(BenchDb bdb, Profile p, Report report) {
        var db = bdb.db;
        String server = "bench";
        db.servers().register(ServerRegistration.of("bench", "/specs/bench.yaml", "/tmp/bench-out").withId(server));
        List<String> templates = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < ENDPOINTS; i++) {
            if (i % 2 == 0) {
                templates.add("/api/r" + i + "/items/{id}");
                requests.add("/api/r" + i + "/items/" + (1000 + i));
            } else {
                templates.add("/api/r" + i + "/items/{id}/parts/{partId}");
                requests.add("/api/r" + i + "/items/" + (1000 + i) + "/parts/p" + i);
            }
        }
        ScenarioConfig happy = ScenarioConfig.empty();
        ScenarioConfig sad = ScenarioConfig.empty();
        for (String t : templates) {
            happy = happy.withEndpoint(EndpointResponse.of("GET", t, 200, "{\"ok\":true}")
                    .withHeaders(Map.of("Content-Type", "application/json")));
            sad = sad.withEndpoint(EndpointResponse.of("GET", t, 503, "{\"error\":\"unavailable\"}"));
            db.mockResponses().add(server, MockResponseSpec.of("GET", t).withResponse(200, "{\"default\":true}")
                    .asDefault(true));
        }
        db.scenarios().create(NewScenario.of(server, "happy", happy));
        db.scenarios().create(NewScenario.of(server, "sad", sad));
        db.scenarios().activate(server, "happy");

        String label = bdb.kind.label;
        Stats cached = new Stats();
        Stats uncached = new Stats();
        Stats speedup = new Stats();
        Stats activate = new Stats();
        try (MockResponseResolver resolver = db.mockResponses().resolver()) {
            // warm-up: JIT, caches, connection pool
            long sink = loopCached(resolver, server, requests, Math.min(p.resolveOps(), 20_000));
            sink += loopUncached(db, server, requests, Math.min(p.uncachedOps(), 300));
            int flip = 0;
            for (int rep = 0; rep < p.scenarioReps(); rep++) {
                double c = Double.NaN;
                double u = Double.NaN;
                for (int step = 0; step < 3; step++) {
                    switch ((rep + step) % 3) {
                        case 0 -> {
                            long t0 = System.nanoTime();
                            sink += loopCached(resolver, server, requests, p.resolveOps());
                            c = (System.nanoTime() - t0) / 1e3 / p.resolveOps();
                        }
                        case 1 -> {
                            long t0 = System.nanoTime();
                            sink += loopUncached(db, server, requests, p.uncachedOps());
                            u = (System.nanoTime() - t0) / 1e3 / p.uncachedOps();
                        }
                        default -> {
                            long t0 = System.nanoTime();
                            for (int i = 0; i < p.activateOps(); i++) {
                                db.scenarios().activate(server, (flip++ % 2 == 0) ? "sad" : "happy");
                            }
                            activate.add((System.nanoTime() - t0) / 1e6 / p.activateOps());
                            // the next cached loop then starts with a reload, as a host would see after a switch
                        }
                    }
                }
                cached.add(c);
                uncached.add(u);
                speedup.add(u / c);
            }
            if (sink == 42) {
                System.err.print("");
            }
        }
        boolean sqlite = bdb.kind.sqlite();
        report.add(SECTION, label + ": cached resolve", "µs/op", cached, Target.atMost(5, "≤ 5 µs"),
                p.resolveOps() + " ops per rep");
        report.add(SECTION, label + ": uncached db.mockResponses().resolve", "µs/op", uncached,
                p.uncachedOps() + " ops per rep");
        report.add(SECTION, label + ": uncached ÷ cached", "×", speedup, "per-rep ratio");
        report.add(SECTION, label + ": activate", "ms/op", activate, sqlite ? Target.atMost(5, "≤ 5 ms") : null,
                p.activateOps() + " ops per rep, alternating two scenarios");
    }

    private static long loopCached(MockResponseResolver r, String server, List<String> paths, int n) {
        long sink = 0;
        int size = paths.size();
        for (int i = 0; i < n; i++) {
            Optional<ResolvedResponse> res = r.resolve(server, "GET", paths.get(i % size));
            sink += res.isPresent() ? res.get().status() : -1;
        }
        return sink;
    }

    private static long loopUncached(io.mockloop.db.MockLoopDb db, String server, List<String> paths, int n) {
        long sink = 0;
        int size = paths.size();
        for (int i = 0; i < n; i++) {
            Optional<ResolvedResponse> res = db.mockResponses().resolve(server, "GET", paths.get(i % size));
            sink += res.isPresent() ? res.get().status() : -1;
        }
        return sink;
    }
}
