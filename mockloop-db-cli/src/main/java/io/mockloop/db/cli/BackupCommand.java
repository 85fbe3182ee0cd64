package io.mockloop.db.cli;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.PrivateFiles;
import io.mockloop.db.maintenance.Maintenance.BackupReport;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mockloop db backup --to FILE}: SQLite with VACUUM INTO; PostgreSQL with {@code pg_dump -Fc}; MySQL/MariaDB
 * with {@code mariadb-dump}/{@code mysqldump --single-transaction}. The file is created owner-only (0600) and must not
 * exist. JSON: {@code database}, {@code file}, {@code bytes}, {@code size}, {@code schemaVersion}, {@code tool} and
 * {@code durationMillis}.
 */
@Command(name = "backup", description = {
    "Write a consistent copy of the database while writers keep writing, to a new file (0600):",
    "SQLite: VACUUM INTO, checked with PRAGMA integrity_check. PostgreSQL: pg_dump -Fc of the database's schema."
        + " MySQL/MariaDB: mariadb-dump (or mysqldump) --single-transaction. The tools are found on PATH; when one"
        + " is missing the command exits 1 naming the package to install."})
final class BackupCommand extends DbSubcommand {

    @Option(names = "--to", paramLabel = "FILE", required = true, description = "The backup file to create.")
    Path to;

    @Mixin
    JsonOption output;

    @Override
    int run(MockLoopDb db) {
        Path target = to.toAbsolutePath();
        if (db.databaseType() != DatabaseType.SQLITE) {
            return nativeBackup(db, target);
        }
        long total = db.maintenance().size();
        BackupReport r = progress().run("backup", Progress.Unit.BYTES, total, () -> sizeOf(target),
                () -> db.maintenance().backup(target));
        print(db, r, "VACUUM INTO");
        return MockLoopCli.EXIT_OK;
    }

    private int nativeBackup(MockLoopDb db, Path target) {
        NativeDump dump = NativeDump.of(db.settings(), db.databaseType(), connection.root().environment());
        try {
            dump.dumpTool(); // a missing tool is said before the file is created
            PrivateFiles.createNewFile(target);
        } catch (NativeDump.ToolMissing e) {
            err().println("mockloop: " + e.getMessage());
            return MockLoopCli.EXIT_FAILED;
        } catch (FileAlreadyExistsException e) {
            err().println("mockloop: --to " + target + " exists; a backup never overwrites a file");
            return MockLoopCli.EXIT_FAILED;
        } catch (IOException e) {
            err().println("mockloop: cannot create --to " + target + ": " + e.getMessage());
            return MockLoopCli.EXIT_FAILED;
        }
        int version = db.migrations().status().currentVersion();
        long start = System.nanoTime();
        try {
            progress().run("backup", Progress.Unit.BYTES, -1, () -> sizeOf(target), () -> {
                dump.backup(target);
                return null;
            });
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
        if (cancellation().requested()) {
            deleteQuietly(target);
            err().println("mockloop: backup interrupted; the partial " + target + " was deleted");
            return MockLoopCli.EXIT_FAILED;
        }
        print(db, new BackupReport(target, sizeOf(target), version, (System.nanoTime() - start) / 1_000_000),
                dump.dumpTool());
        return MockLoopCli.EXIT_OK;
    }

    private void print(MockLoopDb db, BackupReport r, String tool) {
        if (output.json) {
            printJson(obj("database", describe(db), "file", r.file().toString(), "bytes", r.bytes(),
                    "size", Units.bytes(r.bytes()), "schemaVersion", r.schemaVersion(), "tool", tool,
                    "durationMillis", r.durationMillis()));
        } else {
            out().printf("backed up %s to %s: %s, schema version %d, %s (%s)%n", describe(db), r.file(),
                    Units.bytes(r.bytes()), r.schemaVersion(),
                    db.databaseType() == DatabaseType.SQLITE ? "integrity ok" : "with " + tool,
                    Units.millis(r.durationMillis()));
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the message about the failure matters more
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
