package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.migration.MigrationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code mockloop db migrate [--version N]}. */
@Command(name = "migrate", description = "Apply the pending migrations (all of them, or up to --version).")
final class MigrateCommand extends DbSubcommand {

    @Option(names = "--version", paramLabel = "N", description = "Migrate up to this schema version only.")
    Integer version;

    @Override
    void validateArguments() {
        int latest = MockLoopDb.latestSchemaVersion();
        if (version != null && (version < 1 || version > latest)) {
            throw new ParameterException(spec.commandLine(),
                    "--version must be between 1 and " + latest + " (was " + version + ")");
        }
    }

    @Override
    int run(MockLoopDb db) {
        MigrationReport report = version == null ? db.migrations().migrate() : db.migrations().migrate(version);
        if (report.changed()) {
            out().printf("migrated %s from version %d to %d (%d change sets, %d ms)%n", describe(db),
                    report.versionBefore(), report.versionAfter(), report.changeSets().size(),
                    report.duration().toMillis());
        } else {
            out().printf("%s is at version %d; nothing to migrate%n", describe(db), report.versionAfter());
        }
        return 0;
    }
}
