package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mockloop db size}. */
@Command(name = "size", description = "Show the database's size (SQLite: pages plus WAL; PostgreSQL:"
        + " pg_database_size; MySQL/MariaDB: data and index length of the schema's tables).")
final class SizeCommand extends DbSubcommand {

    @Mixin
    JsonOption output;

    @Override
    int run(MockLoopDb db) {
        long bytes = db.maintenance().size();
        if (output.json) {
            printJson(obj("database", describe(db), "bytes", bytes, "size", Units.bytes(bytes)));
        } else {
            out().println("database: " + describe(db));
            out().println("size: " + Units.bytes(bytes) + " (" + Units.count(bytes) + " bytes)");
        }
        return MockLoopCli.EXIT_OK;
    }
}
