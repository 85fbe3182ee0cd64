package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.internal.JdbcUrls;
import io.mockloop.db.migration.ChangeSetInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every {@code mockloop db} subcommand shares: the connection options, opening and closing the database. */
abstract class DbSubcommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        connection.applyVerbosity();
        validateArguments();
        try (MockLoopDb db = connection.open()) {
            return run(db);
        }
    }

    /** Checks the arguments before anything is opened; throws {@code ParameterException} (exit 2). */
    void validateArguments() {
    }

    /** @return the exit code */
    abstract int run(MockLoopDb db);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    static String describe(MockLoopDb db) {
        String url = db.settings().url();
        return (url == null ? "<DataSource>" : JdbcUrls.mask(url)) + " (" + db.databaseType() + ")";
    }

    static String line(ChangeSetInfo c) {
        return "  v" + c.version() + "  " + c.id() + (c.description().isEmpty() ? "" : "  " + c.description());
    }
}
