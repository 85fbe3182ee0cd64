package io.mockloop.db.migration;

import io.mockloop.db.DatabaseType;
import java.util.List;
import java.util.function.Consumer;

/**
 * The schema's migrations: apply, roll back, report and check them. Obtained from
 * {@code MockLoopDb.migrations()}.
 *
 * <p>Each schema version is a set of change sets (version 1 "Initial schema", version 2 "Performance indexes",
 * ...). Migrations run on a dedicated connection, never a pooled one, under a database lock (an advisory lock
 * on PostgreSQL and MySQL/MariaDB, an OS lock on {@code <file>.migration-lock} next to a SQLite file, plus
 * Liquibase's own lock table), so two processes migrating the same fresh database apply each change set exactly
 * once, and a failed migration releases its lock. A process killed while migrating leaves whole change sets
 * (each is committed together with its DATABASECHANGELOG row on PostgreSQL and SQLite, where DDL is
 * transactional); the next migration finds the dead process's Liquibase lock stale, releases it and completes
 * the migration.
 *
 * <p>Thread-safe: calls from several threads are serialised by the database lock.
 */
public interface Migrations {

    /**
     * Applies every pending change set.
     *
     * @return what was done; {@code changeSets()} is empty when the schema was already up to date
     * @throws io.mockloop.db.MigrationException when a change set fails (its lock is released; the schema stays
     *         at the last whole change set applied)
     * @throws io.mockloop.db.StoreUnavailableException when the database cannot be reached
     */
    MigrationReport migrate();

    /**
     * Applies the pending change sets up to and including schema version {@code version}.
     *
     * @param version the target version, between the current and {@link #latestVersion()}
     * @return what was done
     * @throws io.mockloop.db.ValidationException when {@code version} is below 1 or above the latest version
     * @throws io.mockloop.db.MigrationException when a change set fails
     */
    MigrationReport migrate(int version);

    /**
     * As {@link #migrate()}, telling {@code eachApplied} about each change set once it is committed (on the
     * migrating thread, with the time it was applied; an exception it throws fails the migration there).
     *
     * @param eachApplied told about each change set applied
     * @return what was done
     * @throws NullPointerException when {@code eachApplied} is null
     * @throws io.mockloop.db.MigrationException when a change set fails
     */
    MigrationReport migrate(Consumer<ChangeSetInfo> eachApplied);

    /**
     * As {@link #migrate(int)}, telling {@code eachApplied} about each change set once it is committed.
     *
     * @param version the target version, between the current and {@link #latestVersion()}
     * @param eachApplied told about each change set applied
     * @return what was done
     * @throws NullPointerException when {@code eachApplied} is null
     * @throws io.mockloop.db.ValidationException when {@code version} is below 1 or above the latest version
     * @throws io.mockloop.db.MigrationException when a change set fails
     */
    MigrationReport migrate(int version, Consumer<ChangeSetInfo> eachApplied);

    /**
     * Reverses the change sets above schema version {@code version}; {@code 0} leaves no mockloop table, view or
     * index (Liquibase's own two bookkeeping tables stay). Rolling back to the current version or above does
     * nothing.
     *
     * @param version the version to go back to, {@code 0} or more
     * @return what was done
     * @throws io.mockloop.db.ValidationException when {@code version} is negative or above the latest version
     * @throws io.mockloop.db.MigrationException when a rollback fails
     */
    MigrationReport rollback(int version);

    /**
     * @return the current and latest versions with the applied and pending change sets; never {@code null}
     * @throws io.mockloop.db.StoreUnavailableException when the database cannot be reached
     */
    MigrationStatus status();

    /**
     * Checks the applied change sets against the changelog (checksum drift) and the live schema against the
     * model the library was built with (tables, columns, indexes, views).
     *
     * @return the findings; {@link ValidationReport#valid()} says whether there are none
     * @throws io.mockloop.db.StoreUnavailableException when the database cannot be reached
     */
    ValidationReport validate();

    /**
     * @return the applied change sets in the order they were applied (oldest first); empty for a fresh database
     */
    List<ChangeSetInfo> history();

    /**
     * Fails when the database records a schema version, or a change set, newer than this library carries (it was
     * migrated by a newer mockloop-db); only reads, without Liquibase.
     *
     * @throws io.mockloop.db.MigrationException.NewerSchema naming both versions
     * @throws io.mockloop.db.StoreUnavailableException when the database cannot be read
     */
    void refuseNewerSchema();

    /** @return the product the migrations run on (a {@code jdbc:mysql:} URL to MariaDB gives MARIADB) */
    DatabaseType databaseType();

    /**
     * @return the newest schema version this library carries (for example 2), counting the optional version of
     *         partitioned request logs only when it was asked for; does not touch the database ({@link #status()}
     *         also counts an optional version the database already has)
     */
    int latestVersion();
}
