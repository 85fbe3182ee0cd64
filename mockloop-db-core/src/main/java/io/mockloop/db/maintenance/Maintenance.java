package io.mockloop.db.maintenance;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Operations on the database as a whole: sizes, vacuum, planner statistics, SQLite backup and restore, a health
 * check, and retention (see the package documentation). Obtained from {@code MockLoopDb.maintenance()}.
 *
 * <p>Thread-safe. Long operations (vacuum, backup, restore) block the calling thread; vacuum and restore also
 * make concurrent writers wait on SQLite.
 */
public interface Maintenance {

    /**
     * @return the database's size in bytes: SQLite page_count × page_size plus the WAL file; PostgreSQL
     *         pg_database_size; MySQL/MariaDB the data and index length of this schema's tables
     * @throws io.mockloop.db.StoreUnavailableException when the database cannot be reached
     */
    long size();

    /**
     * @return one entry per mockloop table (views excluded), ordered by name, with its exact row count and its
     *         bytes (marked as an estimate where the database cannot measure it)
     * @throws io.mockloop.db.StoreUnavailableException when the database cannot be reached
     */
    List<TableSize> tableSizes();

    /**
     * Reclaims space: SQLite WAL checkpoint and VACUUM; PostgreSQL VACUUM ANALYZE of each mockloop table;
     * MySQL/MariaDB OPTIMIZE TABLE.
     *
     * @return the sizes before and after and the duration
     * @throws io.mockloop.db.StoreUnavailableException when the database cannot be reached
     */
    VacuumReport vacuum();

    /**
     * Refreshes planner statistics (SQLite ANALYZE and PRAGMA optimize; PostgreSQL ANALYZE; MySQL/MariaDB ANALYZE
     * TABLE) and reports what the database keeps about index use and, on PostgreSQL, connections and locks.
     *
     * @return the report; lists are empty where the database keeps nothing
     * @throws io.mockloop.db.StoreUnavailableException when the database cannot be reached
     */
    AnalyzeReport analyze();

    /**
     * Writes a consistent copy of a SQLite database to {@code target} while writers keep writing
     * ({@code VACUUM INTO}), then checks the copy with {@code PRAGMA integrity_check}.
     *
     * @param target the file to create; it must not exist
     * @return the copy's size, schema version and duration
     * @throws io.mockloop.db.ValidationException when {@code target} exists or its directory does not
     * @throws io.mockloop.db.UnsupportedFeatureException on PostgreSQL or MySQL/MariaDB (use pg_dump or
     *         mariadb-dump)
     * @throws io.mockloop.db.BackupFileException when the file cannot be created or read back
     * @throws io.mockloop.db.ValidationException when the copy fails its integrity check
     */
    BackupReport backup(Path target);

    /**
     * Replaces the content of this SQLite database with a backup, through SQLite's backup API on a live
     * connection (other connections see the restored content).
     *
     * @param source a SQLite file made by {@link #backup(Path)} (or any mockloop SQLite database)
     * @return the restored schema version and duration
     * @throws io.mockloop.db.ValidationException when {@code source} is missing, not SQLite, not a mockloop
     *         database, or fails its integrity check (nothing is changed)
     * @throws io.mockloop.db.MigrationException when {@code source} is from a newer schema version than this
     *         library carries (nothing is changed)
     * @throws io.mockloop.db.UnsupportedFeatureException on PostgreSQL or MySQL/MariaDB (use psql or mariadb)
     * @throws io.mockloop.db.BackupFileException when {@code source} cannot be read after the restore
     */
    BackupReport restore(Path source);

    /**
     * Checks a backup as {@link #restore(Path)} would, without restoring it (for a confirmation that names what is
     * about to be restored). Works on every database: it only reads {@code source}.
     *
     * @param source a SQLite file made by {@link #backup(Path)} (or any mockloop SQLite database)
     * @return the file, its size and schema version (duration 0)
     * @throws io.mockloop.db.ValidationException when {@code source} is missing, not SQLite, not a mockloop
     *         database, or fails its integrity check
     * @throws io.mockloop.db.MigrationException when {@code source} is from a newer schema version than this
     *         library carries
     */
    BackupReport inspectBackup(Path source);

    /**
     * One round trip to the database with its duration, the pool's figures and the schema version.
     *
     * @return the health; never throws for an unreachable database: {@link Health#reachable()} is then false
     */
    Health health();

    /** @return how to back up and restore this database with its native tools (a short text for help output) */
    String nativeBackupAdvice();

    /**
     * The retention schedule's state: whether it is on, the next run, the last run and its result.
     *
     * @return the state; never throws
     */
    RetentionStatus retention();

    /**
     * Runs retention now on the calling thread, whether or not the schedule is on: deletes request logs older
     * than system_config's {@code log_retention_days}, trims them to {@code max_log_entries} (in chunks, oldest
     * first), then deletes webhook delivery attempts older than the retention's webhook delivery age (7 days by
     * default). Only one run per database at a time: when a run of this instance is in progress the call returns
     * at once with {@link RetentionOutcome#SKIPPED_BUSY}; when another process (or another {@code MockLoopDb} on
     * the same database) holds the database's retention lock, with {@link RetentionOutcome#SKIPPED_LOCKED}.
     * The lock is PostgreSQL's {@code pg_try_advisory_lock} (keyed by schema), MySQL/MariaDB's
     * {@code GET_LOCK(name, 0)} (named after the database), and on SQLite a lease row
     * {@code mockloop.retention.lock} in system_config, written in a BEGIN IMMEDIATE transaction and deleted at the
     * end (a lease left by a crashed process is taken over at once when that process ran on the same machine,
     * and expires after one hour otherwise).
     *
     * @return the run's result; a failure is reported in it ({@link RetentionOutcome#FAILED}), not thrown
     */
    RetentionRun runRetentionNow();

    /**
     * Creates the request_logs partitions of the current and the next month (UTC) when they are missing, and the
     * default partition, on a database whose request_logs is partitioned (PostgreSQL,
     * {@code MockLoopDb.Builder.partitionedRequestLogs(true)}). {@code build()} calls it once; call it on a
     * schedule (daily is plenty) so that a process running across a month end never writes into the default
     * partition. Rows the default partition holds for a month whose partition is created now are moved into it.
     * Idempotent, and safe when several processes call it at once (they serialise on an advisory lock; the later
     * ones create nothing). While a call creates a partition it holds request_logs' table lock, so that no append
     * can put a row of that month into the default partition meanwhile: appends wait for those milliseconds, about
     * once a month. Scheduled retention runs call it too.
     *
     * @return what was created; {@link PartitionReport#NOT_PARTITIONED} (nothing done) on a plain request_logs
     *         and on SQLite and MySQL/MariaDB
     * @throws io.mockloop.db.StoreUnavailableException when the database cannot be reached
     */
    PartitionReport ensureRequestLogPartitions();

    /**
     * PostgreSQL only, opt-in: installs (or replaces) the seed's {@code cleanup_old_logs()} function in the current
     * schema. It reads {@code log_retention_days} and {@code max_log_entries} from system_config at each call,
     * deletes request logs older than that and beyond that count, webhook delivery attempts older than 7 days and
     * finished outbox rows older than 7 days, then ANALYZEs both tables; it takes the same advisory lock as
     * {@link #runRetentionNow()} and returns without deleting when it is held. When the pg_cron extension is
     * installed in this database, schedules it daily at 02:00 (job {@code mockloop-cleanup-<schema>}); when it is
     * not, the result says so and the in-process schedule ({@code MockLoopDb.Builder.retention(...)}) remains
     * the way to run it automatically. The schema version is unchanged (this is not a migration).
     *
     * @return what was installed and scheduled
     * @throws io.mockloop.db.UnsupportedFeatureException on SQLite or MySQL/MariaDB (they have no such function:
     *         use the in-process schedule)
     * @throws io.mockloop.db.StoreUnavailableException when the database refuses it (for example missing rights)
     */
    PostgresCleanupInstallation installPostgresCleanupFunction();

    /**
     * PostgreSQL only: removes what {@link #installPostgresCleanupFunction()} installed (the pg_cron job when
     * there is one, then the function).
     *
     * @return whether the function existed
     * @throws io.mockloop.db.UnsupportedFeatureException on SQLite or MySQL/MariaDB
     * @throws io.mockloop.db.StoreUnavailableException when the database refuses it
     */
    boolean removePostgresCleanupFunction();

    /**
     * Size of one table.
     *
     * @param table the table's name
     * @param rows its exact row count
     * @param bytes its size in bytes, data and indexes
     * @param estimated whether {@code bytes} is an estimate (SQLite without the dbstat table)
     */
    record TableSize(String table, long rows, long bytes, boolean estimated) {
    }

    /**
     * @param bytesBefore database size before
     * @param bytesAfter database size after
     * @param durationMillis how long it took
     */
    record VacuumReport(long bytesBefore, long bytesAfter, long durationMillis) {
    }

    /**
     * @param indexUsage one entry per index the database keeps figures for
     * @param activeConnections connections to this database (PostgreSQL); empty where not known
     * @param locks locks held on mockloop tables, one line each (PostgreSQL); empty elsewhere
     * @param notes what could not be reported and why
     */
    record AnalyzeReport(List<IndexUsage> indexUsage, OptionalInt activeConnections, List<String> locks,
                         List<String> notes) {
        /** Compact constructor: no null component; copies the lists. */
        public AnalyzeReport {
            indexUsage = List.copyOf(indexUsage);
            Objects.requireNonNull(activeConnections, "activeConnections");
            locks = List.copyOf(locks);
            notes = List.copyOf(notes);
        }
    }

    /**
     * @param table the table
     * @param index the index
     * @param scans index scans since statistics were reset (PostgreSQL); empty where not kept
     * @param detail what else the database keeps (PostgreSQL tuples read/fetched; SQLite sqlite_stat1's stat)
     */
    record IndexUsage(String table, String index, OptionalLong scans, String detail) {
        /** Compact constructor: no null component. */
        public IndexUsage {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(scans, "scans");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * @param file the backup file written or read
     * @param bytes its size
     * @param schemaVersion the schema version it holds
     * @param durationMillis how long it took
     */
    record BackupReport(Path file, long bytes, int schemaVersion, long durationMillis) {
    }

    /**
     * The connection pool's figures at one moment. Immutable and thread-safe.
     *
     * @param activeConnections pooled connections in use
     * @param idleConnections idle pooled connections
     * @param waitingThreads threads waiting for a connection
     */
    record PoolFigures(int activeConnections, int idleConnections, int waitingThreads) {
    }

    /**
     * The result of {@link Maintenance#health()}. Immutable and thread-safe. Reachable exactly when
     * {@link #error()} is empty and {@link #schemaVersion()} is present.
     *
     * @param reachable whether the round trip succeeded
     * @param roundTripMillis how long {@code SELECT 1} took (or how long until it failed)
     * @param pool the pool's figures; empty when the caller supplied the {@code DataSource} (no pool of ours)
     * @param schemaVersion current schema version; empty when the database is unreachable
     * @param latestSchemaVersion the newest version this library carries
     * @param migrationsPending whether migrations are pending; {@code false} when unreachable (nothing is known:
     *                          see {@link #schemaVersion()})
     * @param error why the database is unreachable; empty when reachable
     * @param retention the retention schedule's state (see {@link Maintenance#retention()})
     */
    record Health(boolean reachable, long roundTripMillis, Optional<PoolFigures> pool, OptionalInt schemaVersion,
                  int latestSchemaVersion, boolean migrationsPending, Optional<String> error,
                  RetentionStatus retention) {

        /**
         * Compact constructor: no null component, and the components agree with {@code reachable}.
         *
         * @throws NullPointerException when a component is {@code null}
         * @throws IllegalArgumentException when {@code error} or {@code schemaVersion} contradict {@code reachable}
         */
        public Health {
            Objects.requireNonNull(pool, "pool");
            Objects.requireNonNull(schemaVersion, "schemaVersion");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(retention, "retention");
            if (reachable != error.isEmpty() || reachable != schemaVersion.isPresent()) {
                throw new IllegalArgumentException("a reachable health has a schema version and no error, an"
                        + " unreachable one an error and no schema version (was reachable=" + reachable
                        + ", schemaVersion=" + schemaVersion + ", error=" + error + ")");
            }
            if (!reachable && migrationsPending) {
                throw new IllegalArgumentException("an unreachable health cannot know of pending migrations");
            }
        }
    }
}
