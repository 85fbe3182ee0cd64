package io.mockloop.db.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Part 6: time to a fresh migrated in-memory database from the JUnit test kit
 * ({@code MockLoopDbExtension.newInMemoryDatabase()}, a copy of a per-JVM template) against
 * {@code MockLoopDb.inMemory()} (a full Liquibase migration), first in a fresh JVM (child processes) and after.
 */
final class TestKitBench implements Part {

    static final String SECTION = "6. Test kit: a fresh migrated in-memory database";

    @Override
    public String name() {
        return "testkit";
    }

    @Override
    public void run(Profile p, Report report) throws Exception {
        report.note(SECTION, "Each child is a fresh JVM (`java -cp benchmarks.jar " + TestKitProbe.class.getName()
                + "`); only the call that opens the database is timed (closing is not). \"first\" includes class "
                + "loading. The kit keeps its migrated template between JVMs in a per-user cache under "
                + "`java.io.tmpdir`: \"cold cache\" children get an empty `java.io.tmpdir` (the first test JVM after "
                + "a changelog change: the kit migrates its template), \"warm cache\" children share one that an "
                + "untimed child filled (every later test JVM). Subsequent figures pool every call of the warm "
                + "children; full-migration opens are interleaved with the kit's copies in the same children.");
        Path tmpRoot = Files.createDirectories(BenchDb.workDir.resolve("testkit-tmp"));
        Path warmTmp = Files.createDirectories(tmpRoot.resolve("warm"));
        child("kit", 0, warmTmp); // fills the warm cache, untimed
        Stats kitCold = new Stats();
        Stats kitWarm = new Stats();
        Stats fullFirst = new Stats();
        Stats kitNext = new Stats();
        Stats fullNext = new Stats();
        Stats ratio = new Stats();
        Stats uptime = new Stats();
        Stats floor = new Stats();
        Stats overFloor = new Stats();
        for (int c = 0; c < p.testKitChildren(); c++) {
            List<String> modes = List.of("kit-warm", "floor", "full", "kit-cold");
            double childFloor = Double.NaN;
            double childKit = Double.NaN;
            for (int k = 0; k < modes.size(); k++) {
                // rotate the order so that no mode always runs right after another JVM's start-up
                String mode = modes.get((k + c) % modes.size());
                switch (mode) {
                    case "kit-cold" -> {
                        Path cold = Files.createDirectories(tmpRoot.resolve("cold-" + c));
                        kitCold.add(child("kit", 0, cold).get("firstMs").asDouble());
                        BenchDb.deleteTree(cold);
                    }
                    case "full" -> fullFirst.add(child("full", 0, warmTmp).get("firstMs").asDouble());
                    case "floor" -> {
                        childFloor = child("floor", 0, warmTmp).get("firstMs").asDouble();
                        floor.add(childFloor);
                    }
                    default -> {
                        JsonNode out = child("kit", p.testKitSubsequent(), warmTmp);
                        childKit = out.get("firstMs").asDouble();
                        kitWarm.add(childKit);
                        uptime.add(out.get("uptimeAtFirstMs").asDouble());
                        Stats k2 = new Stats();
                        Stats f = new Stats();
                        out.get("kitMs").forEach(v -> {
                            kitNext.add(v.asDouble());
                            k2.add(v.asDouble());
                        });
                        out.get("fullMs").forEach(v -> {
                            fullNext.add(v.asDouble());
                            f.add(v.asDouble());
                        });
                        ratio.add(f.median() / k2.median());
                    }
                }
            }
            overFloor.add(childKit / childFloor);
        }
        BenchDb.deleteTree(tmpRoot);
        report.add(SECTION, "newInMemoryDatabase(), first in a fresh JVM, warm template cache", "ms", kitWarm,
                Target.atMost(300, "≤ 300 ms"), "one per child");
        report.add(SECTION, "third-party floor, first in a fresh JVM: SQLite driver behind HikariCP, a jOOQ DSLContext,"
                + " one Jackson ObjectMapper write", "ms", floor, "one per child; none of the library's code");
        report.add(SECTION, "newInMemoryDatabase() first (warm cache) ÷ the floor, per child", "×", overFloor,
                "what the library adds to the class loading of its dependencies");
        report.add(SECTION, "newInMemoryDatabase(), first in a fresh JVM, cold template cache", "ms", kitCold,
                Target.atMost(2000, "≤ 2 s"), "one per child; migrates the template");
        report.add(SECTION, "newInMemoryDatabase(), subsequent", "ms", kitNext, Target.atMost(20, "≤ 20 ms"),
                p.testKitSubsequent() + " per child");
        report.add(SECTION, "MockLoopDb.inMemory() (full migration), first in a fresh JVM", "ms", fullFirst,
                "one per child");
        report.add(SECTION, "MockLoopDb.inMemory() (full migration), subsequent", "ms", fullNext,
                "interleaved with the kit's copies");
        report.add(SECTION, "full migration ÷ kit copy, subsequent (per-child medians)", "×", ratio, null);
        report.add(SECTION, "JVM uptime when the kit's first database was ready (warm cache)", "ms", uptime,
                "JVM start to ready, for context");
    }

    private static JsonNode child(String mode, int n, Path tmpDir) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-Djava.io.tmpdir=" + tmpDir,
                "-cp", System.getProperty("java.class.path"), TestKitProbe.class.getName(), mode, Integer.toString(n)));
        Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!proc.waitFor(120, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            throw new IOException("test kit probe timed out");
        }
        if (proc.exitValue() != 0) {
            throw new IOException("test kit probe exited with " + proc.exitValue() + ": " + out);
        }
        String[] lines = out.strip().split("\n");
        return new ObjectMapper().readTree(lines[lines.length - 1]);
    }
}
