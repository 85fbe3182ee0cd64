package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.maintenance.Maintenance.VacuumReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mockloop db vacuum}. */
@Command(name = "vacuum", description = {"Reclaim space: SQLite WAL checkpoint and VACUUM (writers wait until it"
        + " ends); PostgreSQL VACUUM ANALYZE of each mockloop table; MySQL/MariaDB OPTIMIZE TABLE."})
final class VacuumCommand extends DbSubcommand {

    @Mixin
    JsonOption output;

    @Override
    int run(MockLoopDb db) {
        VacuumReport r = db.maintenance().vacuum();
        if (output.json) {
            printJson(obj("database", describe(db), "bytesBefore", r.bytesBefore(), "bytesAfter", r.bytesAfter(),
                    "bytesFreed", r.bytesBefore() - r.bytesAfter(), "durationMillis", r.durationMillis()));
        } else {
            out().printf("vacuumed %s in %s: %s -> %s (%s freed)%n", describe(db), Units.millis(r.durationMillis()),
                    Units.bytes(r.bytesBefore()), Units.bytes(r.bytesAfter()),
                    Units.bytes(Math.max(0, r.bytesBefore() - r.bytesAfter())));
        }
        return MockLoopCli.EXIT_OK;
    }
}
