package io.mockloop.db.cli;

import io.mockloop.db.migration.MigrationStatus;
import picocli.CommandLine.Command;

/**
 * {@code mockloop db status}. JSON: {@code database}, {@code currentVersion}, {@code latestVersion},
 * {@code upToDate}, {@code appliedChangeSets} (a count) and {@code pending} (change sets).
 */
@Command(name = "status", description = {"Show the current and latest schema versions and the pending change sets.",
    "Exit 3 when the database was migrated by a newer mockloop-db."})
final class StatusCommand extends MigrationSubcommand {

    @Override
    int run(Target target) {
        MigrationStatus status = target.migrations().status();
        if (output.json) {
            printJson(obj("database", target.description(), "currentVersion", status.currentVersion(),
                    "latestVersion", status.latestVersion(), "upToDate", status.upToDate(),
                    "appliedChangeSets", status.applied().size(),
                    "pending", status.pending().stream().map(DbSubcommand::json).toList()));
            return MockLoopCli.EXIT_OK;
        }
        out().println("database: " + target.description());
        out().println("current version: " + status.currentVersion());
        out().println("latest version: " + status.latestVersion());
        if (status.upToDate()) {
            out().println("up to date");
        } else {
            out().println("pending change sets (" + status.pending().size() + "):");
            status.pending().forEach(c -> out().println(line(c)));
        }
        return MockLoopCli.EXIT_OK;
    }
}
