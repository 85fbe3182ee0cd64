package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.PrivateFiles;
import io.mockloop.db.log.ExportFormat;
import io.mockloop.db.log.LogFilter;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code mockloop db export --format ndjson|csv|har [filters] [--out FILE]}: streams the matching request logs,
 * oldest first, to stdout or a new file; memory stays flat. Ctrl-C stops it (exit 1; the file holds what was written).
 */
@Command(name = "export", description = {
    "Write the matching request logs, oldest first, as NDJSON (one JSON object per line), CSV (RFC 4180, header row)"
        + " or HAR 1.2, to stdout or to a new file (--out).",
    "Times (--since, --until): an ISO instant (2026-11-01T08:00:00Z), a date (2026-11-01, UTC midnight) or an age"
        + " (90m, 24h, 7d: that long ago)."})
final class ExportCommand extends DbSubcommand {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "ndjson",
            description = "ndjson, csv or har (default: ${DEFAULT-VALUE}).")
    ExportFormat format;

    @Option(names = "--csv-raw", description = "With --format csv: every cell exactly as stored, no leading ' before"
            + " cells a spreadsheet would run as a formula (=, +, -, @, TAB, CR). For programs, not people.")
    boolean csvRaw;

    @Option(names = "--server-id", paramLabel = "ID", description = "Only this server's logs.")
    String serverId;

    @Mixin
    LogFilterOptions filters;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write to this new file (it must not exist) instead of stdout; a summary goes to stdout.")
    Path out;

    @Mixin
    JsonOption output;

    private LogFilter filter;

    @Override
    void validateArguments() {
        if (output.json && out == null) {
            throw new ParameterException(spec.commandLine(), "--json needs --out (stdout carries the export)");
        }
        if (csvRaw && format != ExportFormat.CSV) {
            throw new ParameterException(spec.commandLine(), "--csv-raw goes with --format csv (was --format "
                    + format.name().toLowerCase(Locale.ROOT) + ")");
        }
        LogFilter.Builder b = LogFilter.builder().oldestFirst();
        if (serverId != null) {
            b.server(serverId);
        }
        filters.apply(spec.commandLine(), b);
        try {
            filter = b.build();
        } catch (io.mockloop.db.ValidationException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Override
    int run(MockLoopDb db) {
        long total = db.requestLogs().count(filter);
        OutputStream target;
        Path file = out == null ? null : out.toAbsolutePath();
        try {
            if (file != null) {
                PrivateFiles.createNewFile(file); // 0600: exports hold request bodies and headers
            }
            target = file == null ? stdout() : new BufferedOutputStream(
                    Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                    1 << 16);
        } catch (FileAlreadyExistsException e) {
            err().println("mockloop: --out " + file + " exists; an export never overwrites a file");
            return MockLoopCli.EXIT_FAILED;
        } catch (IOException e) {
            err().println("mockloop: cannot create --out " + file + ": " + e.getMessage());
            return MockLoopCli.EXIT_FAILED;
        }
        ExportFormat exportFormat = csvRaw ? ExportFormat.CSV_RAW : format;
        Counting counting = new Counting(target, exportFormat, cancellation());
        long start = System.nanoTime();
        long written;
        boolean interrupted = false;
        try (counting) {
            Progress.Unit unit = format == ExportFormat.HAR ? Progress.Unit.BYTES : Progress.Unit.of("request logs");
            written = progress().run("export", unit, format == ExportFormat.HAR ? -1 : total,
                    () -> format == ExportFormat.HAR ? counting.bytes.get() : counting.records(),
                    () -> db.requestLogs().export(filter, exportFormat, counting));
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof InterruptedIOException)) {
                throw e;
            }
            interrupted = true;
            written = counting.records();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish the export: " + e.getMessage(), e);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (interrupted) {
            err().printf("mockloop: export interrupted after about %s of %s request logs%s%n", Units.count(written),
                    Units.count(total), file == null ? "" : "; " + file + " holds a partial export");
            return MockLoopCli.EXIT_FAILED;
        }
        if (file != null) {
            if (output.json) {
                printJson(obj("database", describe(db), "file", file.toString(), "format",
                        format.name().toLowerCase(Locale.ROOT), "logs", written, "bytes", counting.bytes.get(),
                        "durationMillis", millis));
            } else {
                out().printf("exported %s request logs as %s to %s (%s) in %s%n", Units.count(written),
                        format.name().toLowerCase(Locale.ROOT), file, Units.bytes(counting.bytes.get()),
                        Units.millis(millis));
            }
        }
        return MockLoopCli.EXIT_OK;
    }

    /** @return stdout as UTF-8 bytes; closing it only flushes */
    private OutputStream stdout() {
        out().flush();
        return connection.root().rawOut().<OutputStream>map(raw -> new FilterOutputStream(
                new BufferedOutputStream(raw, 1 << 16)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        }).orElseGet(() -> new WriterOutputStream(out()));
    }

    /**
     * Counts bytes and records (NDJSON lines; CSV rows ended by CRLF outside quotes, less the header) for progress,
     * and stops the export on Ctrl-C by failing the next write.
     */
    static final class Counting extends FilterOutputStream {
        final AtomicLong bytes = new AtomicLong();
        private final AtomicLong lines = new AtomicLong();
        private final ExportFormat format;
        private final Cancellation cancellation;
        private boolean inQuotes;

        Counting(OutputStream out, ExportFormat format, Cancellation cancellation) {
            super(out);
            this.format = format;
            this.cancellation = cancellation;
        }

        long records() {
            long n = lines.get();
            return format == ExportFormat.CSV || format == ExportFormat.CSV_RAW ? Math.max(0, n - 1) : n;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (cancellation.requested()) {
                throw new InterruptedIOException("export interrupted");
            }
            out.write(b, off, len);
            bytes.addAndGet(len);
            long n = 0;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '"' && (format == ExportFormat.CSV || format == ExportFormat.CSV_RAW)) {
                    inQuotes = !inQuotes;
                } else if (b[i] == '\n' && !inQuotes) {
                    n++;
                }
            }
            if (n > 0) {
                lines.addAndGet(n);
            }
        }
    }
}
