package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.migration.MigrationReport;
import io.mockloop.db.migration.MigrationStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code mockloop db rollback --version N [--yes]}: asks on stdin unless {@code --yes}, and never reads stdin with
 * {@code --yes}. No answer (end of input) is a refusal.
 */
@Command(name = "rollback",
        description = "Reverse the migrations above --version (0 drops every mockloop table, and its data).")
final class RollbackCommand extends DbSubcommand {

    @Option(names = "--version", paramLabel = "N", required = true,
            description = "The schema version to go back to (0 = no mockloop tables).")
    int version;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (stdin is not read).")
    boolean yes;

    @Override
    void validateArguments() {
        int latest = MockLoopDb.latestSchemaVersion();
        if (version < 0 || version > latest) {
            throw new ParameterException(spec.commandLine(),
                    "--version must be between 0 and " + latest + " (was " + version + ")");
        }
    }

    @Override
    int run(MockLoopDb db) {
        MigrationStatus status = db.migrations().status();
        if (!hasAppliedAbove(status)) {
            out().printf("%s is at version %d; nothing to roll back%n", describe(db), status.currentVersion());
            return 0;
        }
        if (!yes && !confirmed(db, status)) {
            return 1;
        }
        MigrationReport report = db.migrations().rollback(version);
        out().printf("rolled back %s from version %d to %d (%d change sets, %d ms)%n", describe(db),
                report.versionBefore(), report.versionAfter(), report.changeSets().size(),
                report.duration().toMillis());
        return 0;
    }

    private boolean hasAppliedAbove(MigrationStatus status) {
        return status.applied().stream().anyMatch(c -> c.version() > version);
    }

    private boolean confirmed(MockLoopDb db, MigrationStatus status) {
        return confirm(String.format("Roll back %s from version %d to %d? What versions above %d created is dropped,"
                + " with the data in it.", describe(db), status.currentVersion(), version, version), "rollback",
                "roll back");
    }
}
