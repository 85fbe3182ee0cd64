package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.ImportReport;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
final class ImportUpstreamCommand extends ImportCommand {

    @Option(names = "--from", paramLabel = "PATH", required = true, description = "The upstream SQLite file.")
    Path from;

    @Override
    Path from() {
        return from;
    }

    @Override
    String units() {
        return "request logs";
    }

    @Override
    long expected(Path file) {
        return upstreamRows(file);
    }

    @Override
    ImportReport importFile(MockLoopDb db, Path file) {
        return db.requestLogs().importUpstream(file, serverId);
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
