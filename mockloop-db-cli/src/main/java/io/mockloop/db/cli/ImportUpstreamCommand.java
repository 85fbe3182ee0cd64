package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.ImportReport;
import io.mockloop.db.log.LogFilter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code mockloop db import-upstream --from PATH --server-id ID}. */
@Command(name = "import-upstream", description = {
    "Import the request logs of an upstream MockLoop request_logs.db (SQLite) in batches of 1,000 rows, one"
        + " transaction each; every row gets --server-id (upstream has none). Rows that break a write rule, that the"
        + " log policy excludes or that have neither a readable timestamp nor created_at are skipped and counted"
        + " per reason.",
    "Idempotent: rows an earlier import wrote into the same server (and that are still stored) are recognised"
        + " and counted as already present, so importing the same file again imports nothing and a file that grew"
        + " imports only its new rows.",
    "Exit 1 when the file is missing or has no request_logs table (nothing is imported)."})
final class ImportUpstreamCommand extends DbSubcommand {

    @Option(names = "--from", paramLabel = "PATH", required = true, description = "The upstream SQLite file.")
    Path from;

    @Option(names = "--server-id", paramLabel = "ID", required = true,
            description = "The server id given to every imported log.")
    String serverId;

    @Mixin
    JsonOption output;

    @Override
    void validateArguments() {
        if (serverId.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--server-id must not be blank");
        }
    }

    @Override
    int run(MockLoopDb db) {
        Path file = from.toAbsolutePath();
        LogFilter mine = LogFilter.builder().server(serverId).build();
        long before = db.requestLogs().count(mine);
        long upstream = upstreamRows(file);
        ImportReport r = progress().run("import", Progress.Unit.of("request logs"), upstream,
                () -> db.requestLogs().count(mine) - before,
                () -> db.requestLogs().importUpstream(file, serverId));
        boolean interrupted = r.interrupted() || cancellation().requested();
        if (output.json) {
            Map<String, Object> reasons = new LinkedHashMap<>();
            r.skipReasons().forEach((reason, n) -> reasons.put(reason.name(), n));
            printJson(obj("database", describe(db), "file", file.toString(), "serverId", serverId, "read", r.read(),
                    "imported", r.imported(), "alreadyPresent", r.alreadyPresent(), "skipped", r.skipped(),
                    "skippedReasons", reasons, "stampedFromCreatedAt", r.stampedFromCreatedAt(),
                    "interrupted", interrupted));
        } else {
            out().printf("imported %s of %s request logs from %s as server '%s'%s%n", Units.count(r.imported()),
                    Units.count(r.read()), file, serverId, details(r));
        }
        if (interrupted) {
            err().println("mockloop: import interrupted after " + Units.count(r.imported())
                    + " request logs (whole batches of 1,000, each committed); run it again: it imports only the"
                    + " rows not imported yet");
            return MockLoopCli.EXIT_FAILED;
        }
        return MockLoopCli.EXIT_OK;
    }

    /**
     * @return what the first line adds when not every row read was imported as it was: rows already present, rows
     *         skipped per reason, rows stamped from created_at; "" when there is nothing to add
     */
    static String details(ImportReport r) {
        List<String> parts = new ArrayList<>();
        if (r.alreadyPresent() > 0) {
            parts.add(Units.count(r.alreadyPresent()) + " already present from an earlier import"
                    + (r.imported() == 0 && r.skipped() == 0 ? ": nothing new to import" : ""));
        }
        if (r.skipped() > 0) {
            List<String> why = new ArrayList<>();
            r.skipReasons().forEach((reason, n) -> why.add(Units.count(n) + " because " + reason.description()));
            parts.add(Units.count(r.skipped()) + " skipped: " + String.join(", ", why));
        }
        if (r.stampedFromCreatedAt() > 0) {
            parts.add(Units.count(r.stampedFromCreatedAt()) + " had no readable timestamp and got upstream's created_at");
        }
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }

    /** @return the upstream row count for the progress bar, or -1 when it cannot be read (the import says why) */
    private static long upstreamRows(Path file) {
        Properties p = new Properties();
        p.setProperty("open_mode", "1"); // read-only
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, p); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM request_logs")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }
}
