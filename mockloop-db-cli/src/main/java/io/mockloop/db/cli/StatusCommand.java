package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.migration.MigrationStatus;
import picocli.CommandLine.Command;

/** {@code mockloop db status}. */
@Command(name = "status", description = "Show the current and latest schema versions and the pending change sets.")
final class StatusCommand extends DbSubcommand {

    @Override
    int run(MockLoopDb db) {
        MigrationStatus status = db.migrations().status();
        out().println("database: " + describe(db));
        out().println("current version: " + status.currentVersion());
        out().println("latest version: " + status.latestVersion());
        if (status.upToDate()) {
            out().println("up to date");
        } else {
            out().println("pending change sets (" + status.pending().size() + "):");
            status.pending().forEach(c -> out().println(line(c)));
        }
        return 0;
    }
}
