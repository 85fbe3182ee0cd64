package io.mockloop.db.cli;

import io.mockloop.db.DatabaseSettings;
import io.mockloop.db.DatabaseType;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.migration.Migrations;
import picocli.CommandLine.Mixin;

/**
 * The schema commands ({@code migrate}, {@code status}, {@code history}, {@code validate}, {@code rollback}): they
 * need the database's migrations only, so they open no pool, no jOOQ and no stores, just the dedicated connections
 * migrations run on. With the status of an up-to-date database read from the tracking table alone, {@code db status}
 * starts Liquibase only when something is pending.
 */
abstract class MigrationSubcommand extends DbSubcommand {

    @Mixin
    JsonOption output;

    /** The database the command works on: what to call it, and its migrations. */
    record Target(String description, DatabaseType type, Migrations migrations) {
    }

    @Override
    final int execute(ConnectionOptions.Resolved resolved) {
        DatabaseSettings s = resolved.settings();
        Migrations migrations = MockLoopDb.migrationsOnly(s);
        DatabaseType type = migrations.databaseType();
        return run(new Target(describe(s.url().orElseThrow(), type), type, migrations));
    }

    /**
     * @param target the database
     * @return the exit code
     */
    abstract int run(Target target);

    @Override
    final int run(MockLoopDb db) {
        throw new IllegalStateException("a schema command runs on its migrations only");
    }
}
