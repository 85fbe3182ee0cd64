package io.mockloop.db.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mockloop db}: the schema's migrations and the database's operations. */
@Command(name = "db",
        description = {"Migrate, inspect, validate and roll back the database schema; clean up, measure, vacuum,"
                + " back up, restore, export and import; list unmatched requests and freeze traffic into scenarios.",
            "Exit codes: 0 ok, 1 failed, 2 usage error, 3 refused (nothing changed)."},
        subcommands = {MigrateCommand.class, StatusCommand.class, RollbackCommand.class, ValidateCommand.class,
            HistoryCommand.class, CleanupCommand.class, VacuumCommand.class, SizeCommand.class,
            TableSizesCommand.class, AnalyzeCommand.class, BackupCommand.class, RestoreCommand.class,
            ExportCommand.class, ImportUpstreamCommand.class, ImportHarCommand.class, ReportCommand.class,
            HealthCommand.class, UnmatchedCommand.class, FreezeCommand.class})
final class DbCommand implements Runnable {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "a subcommand is required: migrate, status, rollback, validate, history, cleanup, vacuum, size,"
                        + " table-sizes, analyze, backup, restore, export, import-upstream, import-har, report, health,"
                        + " unmatched or freeze");
    }
}
