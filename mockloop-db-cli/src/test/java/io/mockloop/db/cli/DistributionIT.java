package io.mockloop.db.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.RequestLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as an operator installs it: {@code target/mockloop-<version>.tar.gz} unpacked into a temporary
 * directory, {@code bin/mockloop} run from there (with its class-data-sharing archive in a private cache directory,
 * and without one), and the terminal behaviour through a real pseudo-terminal ({@code script}): the live bar on stderr
 * while stdout goes to a file, a clean one-line summary at the end, each change set of {@code db migrate}.
 */
class DistributionIT {

    private static final int LATEST = MockLoopDb.latestSchemaVersion();

    @TempDir
    static Path installed;

    @TempDir
    Path dir;

    private static Path home;

    record Result(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void unpackTheArchive() throws Exception {
        Path archive;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of("target"), "mockloop-*.tar.gz")) {
            archive = s.iterator().next();
        }
        Process tar = new ProcessBuilder("tar", "xzf", archive.toAbsolutePath().toString())
                .directory(installed.toFile()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        try (Stream<Path> top = Files.list(installed)) {
            home = top.filter(p -> p.getFileName().toString().startsWith("mockloop-")).findFirst().orElseThrow();
        }
    }

    @Test
    void theArchivesHoldTheLaunchersTheJarTheCompletionAndTheLicense() throws Exception {
        assertThat(home.resolve("bin/mockloop")).isExecutable();
        assertThat(home.resolve("bin/mockloop.cmd")).content().contains("lib\\mockloop.jar").contains("\r\n");
        assertThat(home.resolve("lib/mockloop.jar")).isRegularFile();
        assertThat(home.resolve("LICENSE")).isRegularFile();
        assertThat(home.resolve("completion/mockloop.bash")).content()
                .contains("complete -F", "mockloop", "migrate", "table-sizes", "--json");
        Path zip;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of("target"), "mockloop-*.zip")) {
            zip = s.iterator().next();
        }
        TreeSet<String> entries = new TreeSet<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            z.stream().filter(e -> !e.isDirectory()).map(ZipEntry::getName)
                    .forEach(n -> entries.add(n.substring(n.indexOf('/') + 1)));
        }
        assertThat(entries).containsExactly("LICENSE", "bin/mockloop", "bin/mockloop.cmd", "completion/mockloop.bash",
                "lib/mockloop.jar");
    }

    @Test
    void versionAndStatusRunFromTheUnpackedDistributionWithAndWithoutTheArchive() throws Exception {
        Path db = dir.resolve("s.db");
        MockLoopDb.open(db).close();
        Path cache = dir.resolve("cache");
        Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());

        Result version = run(env, "--version");
        Result first = run(env, "db", "status", "--url", "jdbc:sqlite:" + db); // writes the archive at exit
        Path archive;
        try (Stream<Path> s = Files.list(cache.resolve("mockloop"))) {
            archive = s.filter(p -> p.toString().endsWith(".jsa")).findFirst().orElseThrow();
        }
        Result second = run(env, "db", "status", "--url", "jdbc:sqlite:" + db); // maps it
        Files.writeString(archive, "not an archive");
        Result damaged = run(env, "db", "status", "--url", "jdbc:sqlite:" + db);
        Result unwritable = run(Map.of("XDG_CACHE_HOME", "/proc/mockloop-cannot-write"), "db", "status", "--url",
                "jdbc:sqlite:" + db);

        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("mockloop-db ").contains("schema version " + LATEST);
        String expected = String.join("\n", "database: jdbc:sqlite:" + db + " (SQLITE)", "current version: " + LATEST,
                "latest version: " + LATEST, "up to date", "");
        for (Result r : List.of(first, second, damaged, unwritable)) {
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).isEqualTo(expected);
            assertThat(r.err()).isEmpty();
        }
    }

    @Test
    void onATerminalTheBarRunsWhileStdoutGoesToAFileAndEndsWithACleanSummary() throws Exception {
        Path db = dir.resolve("big.db");
        int rows = 30_000;
        try (MockLoopDb m = MockLoopDb.open(db)) {
            Instant t = Instant.parse("2026-11-01T00:00:00Z");
            List<RequestLog> batch = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                batch.add(RequestLog.builder("GET", "/pets/" + i, 200).timestamp(t.plusMillis(i)).serverId("p")
                        .build());
                if (batch.size() == 10_000) {
                    m.requestLogs().appendAll(batch);
                    batch.clear();
                }
            }
        }
        Path out = dir.resolve("export.ndjson");

        String screen = terminal(home.resolve("bin/mockloop") + " db export --url jdbc:sqlite:" + db + " > " + out);

        assertThat(Files.readAllLines(out)).hasSize(rows);
        assertThat(screen).contains("\rexport [").doesNotContain("\"path\"");
        List<String> lines = Terminal.render(screen);
        assertThat(lines).last().asString().matches("export: 30,000 request logs in [0-9.]+ m?s \\([0-9,]+/s\\)");
        assertThat(lines).allSatisfy(l -> assertThat(l).matches("export( \\[[#-]{24}]|:) .*"));
    }

    @Test
    void onATerminalMigrateShowsEachChangeSet() throws Exception {
        Path db = dir.resolve("m.db");

        String screen = terminal(home.resolve("bin/mockloop") + " db migrate --url jdbc:sqlite:" + db);

        List<String> lines = Terminal.render(screen);
        assertThat(lines).contains("applied v1  v1-01-request-logs", "applied v" + LATEST + "  v" + LATEST + "-tag");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("migrated jdbc:sqlite:" + db));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("migrate: \\d+ change sets in .*"));
    }

    /** Runs a shell command line in a pseudo-terminal ({@code script}) and returns what the terminal received. */
    private String terminal(String commandLine) throws IOException, InterruptedException {
        Path screen = dir.resolve("screen.txt");
        ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-f", "-c", commandLine, "/dev/null")
                .directory(dir.toFile()).redirectOutput(screen.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put(MockLoopCli.PROGRESS_VARIABLE, "0.02");
        pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        pb.environment().put("TERM", "xterm");
        Process p = pb.start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(commandLine + " did not finish within 2 minutes");
        }
        String text = Files.readString(screen, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        return text.replace("\r\n", "\n");
    }

    private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/mockloop").toString());
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("mockloop " + String.join(" ", args) + " did not finish within 2 minutes");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
