package io.mockloop.db.benchmarks;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * The one benchmark command: {@code java -jar mockloop-db-benchmarks/target/benchmarks.jar [--profile quick|default]
 * [--only ingest,latency,queries,retention,scenarios,testkit,reads,memory]}. Writes {@code results.md} and {@code results.json}.
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true,
        description = "Measures mockloop-db against raw JDBC and upstream MockLoop's logging pattern, side by side.")
public final class Benchmarks implements Callable<Integer> {

    static final List<String> PARTS = List.of("ingest", "latency", "queries", "retention", "scenarios", "testkit",
            "reads", "memory");
    private static final long START = System.nanoTime();
    static boolean skipServers;

    @Option(names = "--profile", defaultValue = "default", description = "quick (≤ 2 min) or default (≤ 10 min)")
    String profileName;

    @Option(names = "--only", split = ",", description = "parts to run: ${COMPLETION-CANDIDATES}; default all",
            completionCandidates = PartNames.class)
    List<String> only;

    @Option(names = "--out", defaultValue = "target/benchmarks", description = "output directory")
    Path out;

    @Option(names = "--query-rows", split = ",", description = "row counts for part 3, e.g. 10000,100000,1000000")
    List<Integer> queryRows;

    @Option(names = "--pg-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
            description = "an admin URL; the run creates and drops its own schema")
    String pgUrl;

    @Option(names = "--mariadb-url", defaultValue = "jdbc:mariadb://127.0.0.1:3306/test?user=root",
            description = "an admin URL; the run creates and drops its own database")
    String mariaDbUrl;

    @Option(names = "--sqlite-only", description = "skip PostgreSQL and MariaDB")
    boolean sqliteOnly;

    static final class PartNames extends ArrayList<String> {
        PartNames() {
            super(PARTS);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Benchmarks()).execute(args));
    }

    static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - START) / 1e9,
                String.format(Locale.ROOT, format, args));
    }

    @Override
    public Integer call() throws Exception {
        Profile profile = Profile.named(profileName);
        if (queryRows != null && !queryRows.isEmpty()) {
            profile = profile.withQueryRows(queryRows);
        }
        skipServers = sqliteOnly;
        BenchDb.pgAdminUrl = pgUrl;
        BenchDb.mariaDbAdminUrl = mariaDbUrl;
        BenchDb.workDir = Files.createDirectories(out.resolve("work"));
        List<String> selected = only == null || only.isEmpty() ? PARTS : only;
        for (String s : selected) {
            if (!PARTS.contains(s)) {
                throw new CommandLine.ParameterException(new CommandLine(this), "unknown part '" + s + "'; parts: " + PARTS);
            }
        }
        Map<String, String> header = new LinkedHashMap<>();
        header.put("date", DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)
                .withNano(0)) + " UTC");
        header.put("profile", profile.name());
        header.put("machine", Runtime.getRuntime().availableProcessors() + " cores (" + cpuModel() + "), "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
        header.put("load average at start", loadAverage());
        log("profile %s, parts %s, output %s", profile.name(), selected, out.toAbsolutePath());

        Report report = new Report();
        List<Part> parts = parts();
        for (Part part : parts) {
            if (!selected.contains(part.name())) {
                continue;
            }
            log("== %s", part.name());
            long t0 = System.nanoTime();
            try {
                part.run(profile, report);
            } catch (Exception e) {
                log("%s failed: %s", part.name(), e);
                e.printStackTrace();
                report.error(part.name(), e);
            }
            log("== %s done in %.1f s", part.name(), (System.nanoTime() - t0) / 1e9);
        }
        header.put("load average at end", loadAverage());
        header.put("duration", String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - START) / 1e9));
        header.put("caveat", "a shared 2-core machine: other sessions were compiling and running tests and their own "
                + "databases during this run, so every figure carries their noise; compare the ratios (both sides "
                + "ran interleaved), not absolute numbers across runs");
        String command = "mvn -B -q -pl mockloop-db-benchmarks -am package -DskipTests && java -jar "
                + "mockloop-db-benchmarks/target/benchmarks.jar --profile " + profile.name()
                + (only == null ? "" : " --only " + String.join(",", only))
                + (queryRows == null ? "" : " --query-rows " + queryRows.stream().map(String::valueOf)
                .reduce((a, b) -> a + "," + b).orElse(""))
                + (sqliteOnly ? " --sqlite-only" : "");
        report.write(out, header, command);
        BenchDb.deleteTree(BenchDb.workDir);
        log("wrote %s and %s", out.resolve("results.md"), out.resolve("results.json"));
        return 0;
    }

    static List<Part> parts() {
        return List.of(new IngestBench(), new LatencyBench(), new QueryBench(), new RetentionBench(), new ScenarioBench(),
                new TestKitBench(), new ReadBench(), new MemoryBench());
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " / " + f[1] + " / " + f[2] + " (1 / 5 / 15 min)";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }
}
