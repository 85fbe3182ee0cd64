package io.mockloop.db.examples;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.config.ConfigStore;
import io.mockloop.db.migration.MigrationStatus;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The first steps with mockloop-db: open the default database (the SQLite file {@code ./db/mockloop.db}, created
 * with its directory when absent), bring its schema up to date, and print what is there.
 *
 * <p>Run it with {@code mvn -q -pl examples exec:java}, or pass another SQLite file as the first argument
 * ({@code -Dexec.args=/tmp/demo.db}).
 */
public final class Quickstart {

    private Quickstart() {
    }

    /**
     * @param args optionally the SQLite file to use instead of {@code ./db/mockloop.db}
     */
    public static void main(String[] args) {
        Path file = args.length > 0 ? Path.of(args[0]) : MockLoopDb.DEFAULT_SQLITE_FILE;
        run(file, System.out);
    }

    static void run(Path file, PrintStream out) {
        // open() creates the file (and its directory) when absent and applies every pending migration
        try (MockLoopDb db = MockLoopDb.open(file)) {
            MigrationStatus status = db.migrations().status();
            ConfigStore config = db.config();

            out.println("mockloop-db quickstart");
            out.println("  database:  " + file.toAbsolutePath().normalize() + " (" + db.databaseType() + ")");
            out.println("  schema:    version " + status.currentVersion() + " of " + status.latestVersion()
                    + (status.upToDate() ? ", up to date" : ", " + status.pending().size() + " change sets pending")
                    + " (" + status.applied().size() + " change sets applied)");
            out.println("  settings:  log retention " + config.logRetentionDays() + " days, at most "
                    + config.maxLogEntries() + " log entries, webhook timeout "
                    + config.webhookTimeout().toSeconds() + " s");
        }
    }
}
