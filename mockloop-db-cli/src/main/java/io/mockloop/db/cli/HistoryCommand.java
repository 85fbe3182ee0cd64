package io.mockloop.db.cli;

import io.mockloop.db.migration.ChangeSetInfo;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code mockloop db history}: also on a database migrated by a newer mockloop-db. JSON: {@code database} and
 * {@code applied} (change sets, oldest first).
 */
@Command(name = "history", description = "List the applied change sets with the time each was applied (UTC).")
final class HistoryCommand extends MigrationSubcommand {

    @Override
    boolean readsNewerSchema() {
        return true;
    }

    @Override
    int run(Target target) {
        List<ChangeSetInfo> applied = target.migrations().history();
        if (output.json) {
            printJson(obj("database", target.description(), "applied",
                    applied.stream().map(DbSubcommand::json).toList()));
            return MockLoopCli.EXIT_OK;
        }
        out().println("database: " + target.description());
        if (applied.isEmpty()) {
            out().println("no change sets applied");
        } else {
            out().println("applied change sets (" + applied.size() + "):");
            applied.forEach(c -> out().println("  " + c.appliedAt().map(Object::toString).orElse("?")
                    + line(c)));
        }
        return MockLoopCli.EXIT_OK;
    }
}
