package io.mockloop.db.cli;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.maintenance.Maintenance.BackupReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mockloop db backup --to FILE}: SQLite only; on PostgreSQL and MySQL/MariaDB it names the native tool. */
@Command(name = "backup", description = {
    "Write a consistent copy of a SQLite database while writers keep writing (VACUUM INTO), checked with PRAGMA"
        + " integrity_check. The file must not exist.",
    "PostgreSQL: use pg_dump (restore with psql). MySQL/MariaDB: use mariadb-dump or mysqldump"
        + " --single-transaction (restore with mariadb/mysql). On those databases this command prints that advice"
        + " and exits 1."})
final class BackupCommand extends DbSubcommand {

    @Option(names = "--to", paramLabel = "FILE", required = true, description = "The backup file to create.")
    Path to;

    @Mixin
    JsonOption output;

    @Override
    int run(MockLoopDb db) {
        if (db.databaseType() != DatabaseType.SQLITE) {
            err().println("mockloop: backup is built in for SQLite only; " + db.maintenance().nativeBackupAdvice());
            return MockLoopCli.EXIT_FAILED;
        }
        long total = db.maintenance().size();
        Path target = to.toAbsolutePath();
        BackupReport r = progress().run("backup", Progress.Unit.BYTES, total, () -> sizeOf(target),
                () -> db.maintenance().backup(target));
        if (output.json) {
            printJson(obj("database", describe(db), "file", r.file().toString(), "bytes", r.bytes(),
                    "size", Units.bytes(r.bytes()), "schemaVersion", r.schemaVersion(),
                    "durationMillis", r.durationMillis()));
        } else {
            out().printf("backed up %s to %s: %s, schema version %d, integrity ok (%s)%n", describe(db), r.file(),
                    Units.bytes(r.bytes()), r.schemaVersion(), Units.millis(r.durationMillis()));
        }
        return MockLoopCli.EXIT_OK;
    }

    private static long sizeOf(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
