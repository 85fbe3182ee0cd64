package io.mockloop.db.cli;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.MigrationException;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.ValidationException;
import io.mockloop.db.maintenance.Maintenance.BackupReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mockloop db restore --from FILE [--yes]}: checks the file first, then asks on stdin unless {@code --yes}. A
 * file that is not a mockloop backup, is from a newer schema (or, on a server, older than the database), or a missing
 * confirmation is a refusal (exit 3, nothing changed). JSON: {@code database}, {@code file}, {@code bytes},
 * {@code schemaVersion} and {@code durationMillis}.
 */
@Command(name = "restore", description = {
    "Replace the content of the database with a backup made by 'db backup'. Refuses (exit 3, nothing changed) a file"
        + " that is not a mockloop backup or is from a newer schema version, and asks for confirmation unless --yes.",
    "SQLite: the file made with VACUUM INTO (other connections see the restored content). PostgreSQL: pg_restore"
        + " --clean of the pg_dump archive, in one transaction. MySQL/MariaDB: the dump through the mariadb (or mysql)"
        + " client. On a server the backup must not be older than the database's schema (roll back first)."})
final class RestoreCommand extends DbSubcommand {

    @Option(names = "--from", paramLabel = "FILE", required = true, description = "The backup file to restore.")
    Path from;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (stdin is not read).")
    boolean yes;

    @Mixin
    JsonOption output;

    @Override
    boolean createsDatabase() {
        return true;
    }

    @Override
    int run(MockLoopDb db) {
        if (db.databaseType() != DatabaseType.SQLITE) {
            return nativeRestore(db);
        }
        BackupReport r;
        try {
            BackupReport inspected = db.maintenance().inspectBackup(from);
            if (!yes && !confirmed(db, inspected.file(), inspected.bytes(), inspected.schemaVersion())) {
                return MockLoopCli.EXIT_REFUSED;
            }
            r = db.maintenance().restore(from);
        } catch (ValidationException | MigrationException e) {
            err().println("mockloop: refusing to restore: " + MockLoopCli.oneLine(e));
            return MockLoopCli.EXIT_REFUSED;
        }
        print(db, r);
        return MockLoopCli.EXIT_OK;
    }

    private int nativeRestore(MockLoopDb db) {
        Path file = from.toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            err().println("mockloop: refusing to restore: " + file + " is not a file");
            return MockLoopCli.EXIT_REFUSED;
        }
        NativeDump dump = NativeDump.of(db.settings(), db.databaseType(), connection.root().environment());
        int latest = MockLoopDb.latestSchemaVersion();
        int current = db.migrations().status().currentVersion();
        long start = System.nanoTime();
        NativeDump.Inspection inspected;
        try {
            inspected = dump.inspect(file);
            if (!inspected.mockloop()) {
                err().println("mockloop: refusing to restore: " + file + " is " + inspected.detail());
                return MockLoopCli.EXIT_REFUSED;
            }
            if (inspected.schemaVersion() > latest) {
                err().println("mockloop: refusing to restore: " + file + " is from schema version "
                        + inspected.schemaVersion() + ", newer than version " + latest + ", the newest this"
                        + " mockloop-db knows");
                return MockLoopCli.EXIT_REFUSED;
            }
            if (inspected.schemaVersion() < current) {
                err().println("mockloop: refusing to restore: " + file + " is from schema version "
                        + inspected.schemaVersion() + " and " + describe(db) + " is at version " + current
                        + "; roll it back first ('mockloop db rollback --version " + inspected.schemaVersion() + "')");
                return MockLoopCli.EXIT_REFUSED;
            }
            long bytes = Files.size(file);
            if (!yes && !confirmed(db, file, bytes, inspected.schemaVersion())) {
                return MockLoopCli.EXIT_REFUSED;
            }
            progress().run("restore", Progress.Unit.BYTES, -1, () -> 0, () -> {
                dump.restore(file);
                return null;
            });
            print(db, new BackupReport(file, bytes, inspected.schemaVersion(),
                    (System.nanoTime() - start) / 1_000_000));
        } catch (NativeDump.ToolMissing e) {
            err().println("mockloop: " + e.getMessage());
            return MockLoopCli.EXIT_FAILED;
        } catch (IOException e) {
            throw NativeDump.unchecked(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err().println("mockloop: restore interrupted");
            return MockLoopCli.EXIT_FAILED;
        }
        return MockLoopCli.EXIT_OK;
    }

    private void print(MockLoopDb db, BackupReport r) {
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
    }

    private boolean confirmed(MockLoopDb db, Path file, long bytes, int version) {
        return confirm(String.format("Replace everything in %s with %s (%s, schema version %d)? What was written since"
                + " the backup is lost.", describe(db), file, Units.bytes(bytes), version), "restore", "restore");
    }
}
