package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.maintenance.Maintenance.AnalyzeReport;
import io.mockloop.db.maintenance.Maintenance.IndexUsage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mockloop db analyze}. */
@Command(name = "analyze", description = "Refresh the planner statistics and show what the database keeps about"
        + " index use (PostgreSQL: scans per index, connections and locks; SQLite: sqlite_stat1).")
final class AnalyzeCommand extends DbSubcommand {

    @Mixin
    JsonOption output;

    @Override
    int run(MockLoopDb db) {
        AnalyzeReport r = db.maintenance().analyze();
        if (output.json) {
            printJson(obj("database", describe(db),
                    "indexUsage", r.indexUsage().stream().map(u -> obj("table", u.table(), "index", u.index(),
                            "scans", u.scans().orElse(-1), "detail", u.detail())).toList(),
                    "activeConnections", r.activeConnections().orElse(-1), "locks", r.locks(), "notes", r.notes()));
            return MockLoopCli.EXIT_OK;
        }
        out().println("analyzed " + describe(db));
        if (r.indexUsage().isEmpty()) {
            out().println("index usage: none recorded");
        } else {
            Table t = new Table("table", "index", ">scans", "detail");
            for (IndexUsage u : r.indexUsage()) {
                t.row(u.table(), u.index(), u.scans().isPresent() ? Units.count(u.scans().getAsLong()) : "-",
                        u.detail());
            }
            t.print(out());
        }
        r.activeConnections().ifPresent(n -> out().println("active connections: " + n));
        if (r.activeConnections().isPresent() || !r.locks().isEmpty()) {
            out().println("locks on mockloop tables: " + (r.locks().isEmpty() ? "none" : r.locks().size()));
            r.locks().forEach(l -> out().println("  " + l));
        }
        r.notes().forEach(n -> out().println("note: " + n));
        return MockLoopCli.EXIT_OK;
    }
}
