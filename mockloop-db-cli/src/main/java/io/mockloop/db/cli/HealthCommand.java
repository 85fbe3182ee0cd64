package io.mockloop.db.cli;

import io.mockloop.db.JdbcUrls;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.MockLoopDbException;
import io.mockloop.db.maintenance.Maintenance.Health;
import io.mockloop.db.maintenance.Maintenance.PoolFigures;
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
            // the JSON keeps its shape: -1 for a figure that is not known, "" for no error
            printJson(obj("database", describe(db), "reachable", h.reachable(), "roundTripMillis",
                    h.roundTripMillis(), "activeConnections", h.pool().map(PoolFigures::activeConnections).orElse(-1),
                    "idleConnections", h.pool().map(PoolFigures::idleConnections).orElse(-1),
                    "waitingThreads", h.pool().map(PoolFigures::waitingThreads).orElse(-1),
                    "schemaVersion", h.schemaVersion().orElse(-1),
                    "latestSchemaVersion", h.latestSchemaVersion(), "migrationsPending", h.migrationsPending(),
                    "error", h.error().orElse(""), "retention", retentionJson(h)));
        } else {
            out().println("database: " + describe(db));
            if (h.reachable()) {
                out().println("reachable: yes (round trip " + Units.millis(h.roundTripMillis()) + ")");
                PoolFigures pool = h.pool().orElse(new PoolFigures(-1, -1, -1));
                out().println("pool: " + pool.activeConnections() + " active, " + pool.idleConnections() + " idle, "
                        + pool.waitingThreads() + " waiting");
                out().println("schema version: " + h.schemaVersion().orElseThrow() + " of " + h.latestSchemaVersion()
                        + (h.migrationsPending() ? " (migrations pending: run 'mockloop db migrate')" : " (up to date)"));
                out().println("retention: " + h.retention().lastRun().map(r -> "last run " + r.startedAt() + ", "
                        + r.outcome().name().toLowerCase(java.util.Locale.ROOT) + ", deleted " + r.deletedRows()
                        + r.error().map(e -> " (" + e + ")").orElse("")).orElse("no run recorded"));
            } else {
                out().println("reachable: no (" + h.error().orElseThrow() + ")");
            }
        }
        if (!h.reachable()) {
            if (!output.json) {
                err().println("mockloop: " + MockLoopCli.oneLine(new IllegalStateException(h.error().orElseThrow())));
            }
            return MockLoopCli.EXIT_FAILED;
        }
        return MockLoopCli.EXIT_OK;
    }

    private Object retentionJson(Health h) {
        return h.retention().lastRun().<Object>map(r -> obj("lastRunStartedAt", r.startedAt().toString(),
                "lastRunEndedAt", r.endedAt().toString(), "outcome", r.outcome().name(), "deletedRows",
                r.deletedRows(), "error", r.error().orElse(""))).orElse(null);
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
