package io.mockloop.db.cli;

import io.mockloop.db.JdbcUrls;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.MockLoopDbException;
import io.mockloop.db.maintenance.Maintenance.Health;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mockloop db health}: exit 0 when the database answers, 1 when it does not. */
@Command(name = "health", description = {"One round trip to the database with its duration, the pool's figures,"
        + " the schema version and whether migrations are pending.",
    "Exit 0 when the database answers (even with migrations pending), 1 when it does not."})
final class HealthCommand extends DbSubcommand {

    @Mixin
    JsonOption output;

    @Override
    int run(MockLoopDb db) {
        Health h = db.maintenance().health();
        if (output.json) {
            printJson(obj("database", describe(db), "reachable", h.reachable(), "roundTripMillis",
                    h.roundTripMillis(), "activeConnections", h.activeConnections(), "idleConnections",
                    h.idleConnections(), "waitingThreads", h.waitingThreads(), "schemaVersion", h.schemaVersion(),
                    "latestSchemaVersion", h.latestSchemaVersion(), "migrationsPending", h.migrationsPending(),
                    "error", h.error(), "retention", retentionJson(h)));
        } else {
            out().println("database: " + describe(db));
            if (h.reachable()) {
                out().println("reachable: yes (round trip " + Units.millis(h.roundTripMillis()) + ")");
                out().println("pool: " + h.activeConnections() + " active, " + h.idleConnections() + " idle, "
                        + h.waitingThreads() + " waiting");
                out().println("schema version: " + h.schemaVersion() + " of " + h.latestSchemaVersion()
                        + (h.migrationsPending() ? " (migrations pending: run 'mockloop db migrate')" : " (up to date)"));
                out().println("retention: " + h.retention().lastRun().map(r -> "last run " + r.startedAt() + ", "
                        + r.outcome().name().toLowerCase(java.util.Locale.ROOT) + ", deleted " + r.deletedRows()
                        + (r.error().isEmpty() ? "" : " (" + r.error() + ")")).orElse("no run recorded"));
            } else {
                out().println("reachable: no (" + h.error() + ")");
            }
        }
        if (!h.reachable()) {
            if (!output.json) {
                err().println("mockloop: " + MockLoopCli.oneLine(new IllegalStateException(h.error())));
            }
            return MockLoopCli.EXIT_FAILED;
        }
        return MockLoopCli.EXIT_OK;
    }

    private Object retentionJson(Health h) {
        return h.retention().lastRun().<Object>map(r -> obj("lastRunStartedAt", r.startedAt().toString(),
                "lastRunEndedAt", r.endedAt().toString(), "outcome", r.outcome().name(), "deletedRows",
                r.deletedRows(), "error", r.error())).orElse(null);
    }

    @Override
    int onOpenFailure(MockLoopDbException e) {
        if (output.json) {
            printJson(obj("database", connection.url == null ? null : JdbcUrls.mask(connection.url), "reachable", false, "error", MockLoopCli.oneLine(e)));
            return MockLoopCli.EXIT_FAILED;
        }
        throw e;
    }
}
