package io.mockloop.db.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mockloop db}: the schema's migrations. */
@Command(name = "db",
        description = "Migrate, inspect, validate and roll back the database schema.",
        subcommands = {MigrateCommand.class, StatusCommand.class, RollbackCommand.class, ValidateCommand.class,
            HistoryCommand.class})
final class DbCommand implements Runnable {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "a subcommand is required: migrate, status, rollback, validate or history");
    }
}
