package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.migration.ChangeSetInfo;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code mockloop db history}. */
@Command(name = "history", description = "List the applied change sets with the time each was applied (UTC).")
final class HistoryCommand extends DbSubcommand {

    @Override
    int run(MockLoopDb db) {
        List<ChangeSetInfo> applied = db.migrations().history();
        out().println("database: " + describe(db));
        if (applied.isEmpty()) {
            out().println("no change sets applied");
        } else {
            out().println("applied change sets (" + applied.size() + "):");
            applied.forEach(c -> out().println("  " + c.appliedAt().map(Object::toString).orElse("?")
                    + line(c)));
        }
        return 0;
    }
}
