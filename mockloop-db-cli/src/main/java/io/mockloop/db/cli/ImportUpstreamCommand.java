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
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code mockloop db import-upstream --from PATH --server-id ID}. */
@Command(name = "import-upstream", description = {
    "Import the request logs of an upstream MockLoop request_logs.db (SQLite) in batches of 1,000 rows, one"
        + " transaction each; every row gets --server-id (upstream has none). Rows that break a write rule are"
        + " skipped and counted.",
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
            printJson(obj("database", describe(db), "file", file.toString(), "serverId", serverId, "read", r.read(),
                    "imported", r.imported(), "skipped", r.skipped(), "interrupted", interrupted));
        } else {
            out().printf("imported %s of %s request logs from %s as server '%s'%s%n", Units.count(r.imported()),
                    Units.count(r.read()), file, serverId, r.skipped() == 0 ? ""
                            : " (" + Units.count(r.skipped()) + " skipped: they break a write rule or the log policy)");
        }
        if (interrupted) {
            err().println("mockloop: import interrupted after " + Units.count(r.imported())
                    + " request logs (whole batches of 1,000, each committed); run it again on a fresh server id"
                    + " or delete them with 'mockloop db cleanup'");
            return MockLoopCli.EXIT_FAILED;
        }
        return MockLoopCli.EXIT_OK;
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
