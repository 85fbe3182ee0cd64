package io.mockloop.db.cli;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.MigrationException;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.ValidationException;
import io.mockloop.db.maintenance.Maintenance.BackupReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mockloop db restore --from FILE [--yes]}: SQLite only. Checks the file first, then asks on stdin unless
 * {@code --yes}. A file that is not a mockloop SQLite database, is from a newer schema, or a missing confirmation is
 * a refusal (exit 3, nothing changed).
 */
@Command(name = "restore", description = {
    "Replace the content of a SQLite database with a backup made by 'db backup' (other connections see the"
        + " restored content). Refuses (exit 3, nothing changed) a file that is not a mockloop SQLite database or is"
        + " from a newer schema version, and asks for confirmation unless --yes.",
    "PostgreSQL: restore a pg_dump with psql. MySQL/MariaDB: restore a mariadb-dump/mysqldump with mariadb/mysql."
        + " On those databases this command prints that advice and exits 1."})
final class RestoreCommand extends DbSubcommand {

    @Option(names = "--from", paramLabel = "FILE", required = true, description = "The backup file to restore.")
    Path from;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (stdin is not read).")
    boolean yes;

    @Mixin
    JsonOption output;

    @Override
    int run(MockLoopDb db) {
        if (db.databaseType() != DatabaseType.SQLITE) {
            err().println("mockloop: restore is built in for SQLite only; " + db.maintenance().nativeBackupAdvice());
            return MockLoopCli.EXIT_FAILED;
        }
        BackupReport r;
        try {
            BackupReport inspected = db.maintenance().inspectBackup(from);
            if (!yes && !confirmed(db, inspected)) {
                return MockLoopCli.EXIT_REFUSED;
            }
            r = db.maintenance().restore(from);
        } catch (ValidationException | MigrationException e) {
            err().println("mockloop: refusing to restore: " + MockLoopCli.oneLine(e));
            return MockLoopCli.EXIT_REFUSED;
        }
        if (output.json) {
            printJson(obj("database", describe(db), "file", r.file().toString(), "bytes", r.bytes(),
                    "schemaVersion", r.schemaVersion(), "durationMillis", r.durationMillis()));
        } else {
            out().printf("restored %s from %s (%s, schema version %d) in %s%n", describe(db), r.file(),
                    Units.bytes(r.bytes()), r.schemaVersion(), Units.millis(r.durationMillis()));
            if (r.schemaVersion() < MockLoopDb.latestSchemaVersion()) {
                out().println("the restored schema is at version " + r.schemaVersion() + "; run 'mockloop db migrate'"
                        + " to bring it to " + MockLoopDb.latestSchemaVersion());
            }
        }
        return MockLoopCli.EXIT_OK;
    }

    private boolean confirmed(MockLoopDb db, BackupReport inspected) {
        return confirm(String.format("Replace everything in %s with %s (%s, schema version %d)? What was written since"
                + " the backup is lost.", describe(db), inspected.file(), Units.bytes(inspected.bytes()),
                inspected.schemaVersion()), "restore", "restore");
    }
}
