package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.migration.MigrationReport;
import io.mockloop.db.migration.MigrationStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code mockloop db rollback --version N [--yes]}: asks on stdin unless {@code --yes}, and never reads stdin with
 * {@code --yes}. No answer (end of input) is a refusal. JSON: as {@code migrate}'s.
 */
@Command(name = "rollback",
        description = "Reverse the migrations above --version (0 drops every mockloop table, and its data).")
final class RollbackCommand extends MigrationSubcommand {

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
    int run(Target target) {
        MigrationStatus status = target.migrations().status();
        if (!hasAppliedAbove(status)) {
            if (output.json) {
                printJson(obj("database", target.description(), "versionBefore", status.currentVersion(),
                        "versionAfter", status.currentVersion(), "changed", false, "changeSets",
                        java.util.List.of(), "durationMillis", 0));
            } else {
                out().printf("%s is at version %d; nothing to roll back%n", target.description(),
                        status.currentVersion());
            }
            return MockLoopCli.EXIT_OK;
        }
        if (!yes && !confirmed(target, status)) {
            return MockLoopCli.EXIT_FAILED;
        }
        MigrationReport report = target.migrations().rollback(version);
        if (output.json) {
            printJson(obj("database", target.description(), "versionBefore", report.versionBefore(), "versionAfter",
                    report.versionAfter(), "changed", report.changed(), "changeSets", report.changeSets(),
                    "durationMillis", report.duration().toMillis()));
        } else {
            out().printf("rolled back %s from version %d to %d (%d change sets, %d ms)%n", target.description(),
                    report.versionBefore(), report.versionAfter(), report.changeSets().size(),
                    report.duration().toMillis());
        }
        return MockLoopCli.EXIT_OK;
    }

    private boolean hasAppliedAbove(MigrationStatus status) {
        return status.applied().stream().anyMatch(c -> c.version() > version);
    }

    private boolean confirmed(Target target, MigrationStatus status) {
        return confirm(String.format("Roll back %s from version %d to %d? What versions above %d created is dropped,"
                + " with the data in it.", target.description(), status.currentVersion(), version, version), "rollback",
                "roll back");
    }
}
