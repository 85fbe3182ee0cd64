package io.mockloop.db.benchmarks;

import java.util.List;

/**
 * How much work each part does. {@code quick} is a smoke run (≤ 2 min on 2 cores), {@code default} the run whose
 * table the README quotes (≤ 10 min).
 */
record Profile(String name,
               int ingestRows, int ingestReps, double upstreamSeconds,
               List<Integer> rates, double latencySeconds, int latencyReps,
               List<Integer> queryRows, int queryReps,
               int retentionRows, int retentionReps,
               int resolveOps, int uncachedOps, int activateOps, int scenarioReps, boolean scenariosOnPostgres,
               int testKitChildren, int testKitSubsequent,
               int readRows, int readReps, int memoryLogs, int memoryReps) {

    static final Profile QUICK = new Profile("quick",
            2_000, 3, 0.5,
            List.of(1_000, 5_000, 20_000), 1.0, 1,
            List.of(10_000), 3,
            20_000, 2,
            20_000, 200, 30, 2, false,
            1, 5,
            20_000, 3, 5_000, 2);

    // ingest: 11 repetitions of 20,000 rows per side (5 of 10,000 before): one side's repetition took about 0.2 s,
    // and medians of 5 moved by up to 0.25 between runs on the shared machine
    static final Profile DEFAULT = new Profile("default",
            20_000, 11, 2.0,
            List.of(1_000, 5_000, 20_000), 4.0, 3,
            List.of(10_000, 100_000), 7,
            90_000, 3,
            100_000, 500, 100, 5, true,
            5, 30,
            200_000, 5, 10_000, 3);

    static Profile named(String name) {
        return switch (name) {
            case "quick" -> QUICK;
            case "default" -> DEFAULT;
            default -> throw new IllegalArgumentException("profile must be quick or default (was '" + name + "')");
        };
    }

    Profile withQueryRows(List<Integer> rows) {
        return new Profile(name, ingestRows, ingestReps, upstreamSeconds, rates, latencySeconds, latencyReps, rows,
                queryReps, retentionRows, retentionReps, resolveOps, uncachedOps, activateOps, scenarioReps,
                scenariosOnPostgres, testKitChildren, testKitSubsequent, readRows, readReps, memoryLogs, memoryReps);
    }
}
