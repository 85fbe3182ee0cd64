package io.mockloop.db.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
                + "loading and, for the kit, migrating the per-JVM template. Subsequent figures pool every call of "
                + "every child; full-migration opens are interleaved with the kit's copies in the same children.");
        Stats kitFirst = new Stats();
        Stats fullFirst = new Stats();
        Stats kitNext = new Stats();
        Stats fullNext = new Stats();
        Stats ratio = new Stats();
        Stats uptime = new Stats();
        for (int c = 0; c < p.testKitChildren(); c++) {
            // alternate which child runs first so that neither always starts on a cold page cache
            for (String mode : c % 2 == 0 ? List.of("kit", "full") : List.of("full", "kit")) {
                JsonNode out = child(mode, p.testKitSubsequent());
                if (mode.equals("kit")) {
                    kitFirst.add(out.get("firstMs").asDouble());
                    uptime.add(out.get("uptimeAtFirstMs").asDouble());
                    Stats k = new Stats();
                    Stats f = new Stats();
                    out.get("kitMs").forEach(v -> {
                        kitNext.add(v.asDouble());
                        k.add(v.asDouble());
                    });
                    out.get("fullMs").forEach(v -> {
                        fullNext.add(v.asDouble());
                        f.add(v.asDouble());
                    });
                    ratio.add(f.median() / k.median());
                } else {
                    fullFirst.add(out.get("firstMs").asDouble());
                }
            }
        }
        report.add(SECTION, "newInMemoryDatabase(), first in a fresh JVM", "ms", kitFirst, Target.atMost(300, "≤ 300 ms"),
                "one per child");
        report.add(SECTION, "newInMemoryDatabase(), subsequent", "ms", kitNext, Target.atMost(20, "≤ 20 ms"),
                p.testKitSubsequent() + " per child");
        report.add(SECTION, "MockLoopDb.inMemory() (full migration), first in a fresh JVM", "ms", fullFirst,
                "one per child");
        report.add(SECTION, "MockLoopDb.inMemory() (full migration), subsequent", "ms", fullNext,
                "interleaved with the kit's copies");
        report.add(SECTION, "full migration ÷ kit copy, subsequent (per-child medians)", "×", ratio, null);
        report.add(SECTION, "JVM uptime when the kit's first database was ready", "ms", uptime,
                "JVM start to ready, for context");
    }

    private static JsonNode child(String mode, int n) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m",
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
