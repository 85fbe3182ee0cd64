package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.PrivateFiles;
import io.mockloop.db.log.LogFilter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code mockloop db report --out FILE [--server-id ID] [--since T] [--until T] [--method M] [--status S]
 * [--path P]}: one self-contained HTML page of the matching traffic, written to a new owner-only file.
 */
@Command(name = "report", description = {
    "Write an HTML traffic report of the matching request logs to a new file: requests over time by status class,"
        + " latency p50/p95/p99 and error rate per endpoint, the slowest and most failing endpoints, and the"
        + " scenarios in effect over the period. One self-contained file (inline SVG charts, no script, nothing"
        + " fetched): open it in any browser, offline.",
    "Times (--since, --until): an ISO instant (2026-11-01T08:00:00Z), a date (2026-11-01, UTC midnight) or an age"
        + " (90m, 24h, 7d: that long ago).",
    "Exit 1 when --out exists (a report never overwrites a file) or the database fails (no file is left)."})
final class ReportCommand extends DbSubcommand {

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "The new HTML file (it must not exist); created owner-only (0600).")
    Path out;

    @Option(names = "--server-id", paramLabel = "ID", description = "Only this server's logs.")
    String serverId;

    @Mixin
    LogFilterOptions filters;

    @Mixin
    JsonOption output;

    private LogFilter filter;

    @Override
    void validateArguments() {
        LogFilter.Builder b = LogFilter.builder();
        if (serverId != null) {
            if (serverId.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--server-id must not be blank");
            }
            b.server(serverId);
        }
        filters.apply(spec.commandLine(), b);
        try {
            filter = b.build();
        } catch (io.mockloop.db.ValidationException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    int run(MockLoopDb db) {
        Path file = out.toAbsolutePath();
        try {
            PrivateFiles.createNewFile(file); // 0600: the report shows paths, servers and scenarios
        } catch (FileAlreadyExistsException e) {
            err().println("mockloop: --out " + file + " exists; a report never overwrites a file");
            return MockLoopCli.EXIT_FAILED;
        } catch (IOException e) {
            err().println("mockloop: cannot create --out " + file + ": " + e.getMessage());
            return MockLoopCli.EXIT_FAILED;
        }
        long start = System.nanoTime();
        long logs;
        boolean done = false;
        try (OutputStream target = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), 1 << 16)) {
            logs = db.requestLogs().report(filter, target);
            done = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write --out " + file + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                deleteQuietly(file);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
        if (output.json) {
            printJson(obj("database", describe(db), "file", file.toString(), "serverId", serverId,
                    "since", filter.from() == null ? null : filter.from().toString(),
                    "until", filter.to() == null ? null : filter.to().toString(), "logs", logs, "bytes", bytes,
                    "durationMillis", millis));
        } else {
            out().printf("wrote a traffic report of %s request logs to %s (%s) in %s%n", Units.count(logs), file,
                    Units.bytes(bytes), Units.millis(millis));
        }
        return MockLoopCli.EXIT_OK;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the failure that brought us here is the one to report
        }
    }
}
