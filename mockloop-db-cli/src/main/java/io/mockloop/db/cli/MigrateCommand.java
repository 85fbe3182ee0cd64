package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.migration.ChangeSetInfo;
import io.mockloop.db.migration.MigrationReport;
import io.mockloop.db.migration.MigrationStatus;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code mockloop db migrate [--version N]}: creates a missing SQLite file (0600, in a 0700 directory it creates).
 * On a terminal each change set is shown as it is committed. JSON: {@code database}, {@code versionBefore},
 * {@code versionAfter}, {@code changed}, {@code changeSets} (ids) and {@code durationMillis}.
 */
@Command(name = "migrate", description = {"Apply the pending migrations (all of them, or up to --version).",
    "Exit 3 when the database was migrated by a newer mockloop-db (nothing is changed)."})
final class MigrateCommand extends MigrationSubcommand {

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
    boolean createsDatabase() {
        return true;
    }

    @Override
    int run(Target target) {
        MigrationStatus before = target.migrations().status();
        long total = before.pending().stream().filter(c -> version == null || c.version() <= version).count();
        AtomicLong done = new AtomicLong();
        Progress progress = progress();
        MigrationReport report = progress.run("migrate", Progress.Unit.of("change sets"), total, done::get,
                () -> {
                    Consumer<ChangeSetInfo> applied = c -> {
                        done.incrementAndGet();
                        progress.note("applied v" + c.version() + "  " + c.id());
                    };
                    return version == null ? target.migrations().migrate(applied)
                            : target.migrations().migrate(version, applied);
                });
        if (output.json) {
            printJson(obj("database", target.description(), "versionBefore", report.versionBefore(), "versionAfter",
                    report.versionAfter(), "changed", report.changed(), "changeSets", report.changeSets(),
                    "durationMillis", report.duration().toMillis()));
        } else if (report.changed()) {
            out().printf("migrated %s from version %d to %d (%d change sets, %d ms)%n", target.description(),
                    report.versionBefore(), report.versionAfter(), report.changeSets().size(),
                    report.duration().toMillis());
        } else {
            out().printf("%s is at version %d; nothing to migrate%n", target.description(), report.versionAfter());
        }
        return MockLoopCli.EXIT_OK;
    }
}
