/**
 * Database-wide operations ({@link io.mockloop.db.maintenance.Maintenance}, from {@code MockLoopDb.maintenance()}):
 * sizes, vacuum, statistics, SQLite backup and restore, health, and retention.
 *
 * <h2>Retention</h2>
 * {@link io.mockloop.db.maintenance.Maintenance#runRetentionNow()} deletes request logs older than system_config's
 * {@code log_retention_days} and beyond its {@code max_log_entries} (through {@code RequestLogStore.cleanup()}, in
 * chunks of RequestLogStore.RETENTION_CHUNK (1,000) rows, one transaction each), then webhook delivery attempts older than seven days. With
 * {@code MockLoopDb.builder().retention(RetentionSettings.DEFAULTS)} (YAML: {@code database.retention.enabled: true})
 * one daemon thread per database does this 60 s after opening and every 24 h after; the settings are read at each
 * run. {@code MockLoopDb.close()} interrupts a run in progress, which finishes its current chunk and stops, and
 * waits for it (at most 60 s). {@link io.mockloop.db.maintenance.Maintenance#retention()} and
 * {@code health().retention()} report the next run and the last result; each run is logged on logger
 * {@code io.mockloop.db.retention}.
 *
 * <p>One run at a time per database: within a {@code MockLoopDb} a second run is skipped
 * ({@link io.mockloop.db.maintenance.RetentionOutcome#SKIPPED_BUSY}); across instances and processes a run that
 * cannot take the database's lock is skipped ({@link io.mockloop.db.maintenance.RetentionOutcome#SKIPPED_LOCKED}).
 * The lock is taken without waiting: PostgreSQL {@code pg_try_advisory_lock(hashtext('mockloop.retention'),
 * hashtext(current_schema()))} and MySQL/MariaDB {@code GET_LOCK('mockloop.retention.<database>', 0)} (the database
 * name hashed when it would pass MySQL's 64-character limit), both held on a dedicated connection for the run (so a crashed process frees them with its connection). SQLite has no such
 * lock: there a lease row {@code mockloop.retention.lock} in system_config is written in a {@code BEGIN IMMEDIATE}
 * transaction (exclusive across processes) when no live lease exists, and deleted when the run ends; a lease left by
 * a crashed process expires after one hour. A table lock held for the whole run was not chosen because it would stop
 * every writer, and the run's own chunks, for the run's length. The row is visible in {@code config().list()} only
 * while a run is in progress.
 *
 * <p>On PostgreSQL, {@link io.mockloop.db.maintenance.Maintenance#installPostgresCleanupFunction()} installs the
 * seed's {@code cleanup_old_logs()} (reading system_config, taking the same advisory lock) and schedules it with
 * pg_cron when that extension is installed; it is opt-in and not a migration.
 *
 * <h2>Null arguments</h2>
 * A parameter of a public method or constructor in this package accepts {@code null} only where its Javadoc says
 * so; anywhere else a {@code null} argument throws {@link NullPointerException} whose message is the parameter's
 * name, before any work is done. {@code null} never means "absent": absence is an overload without the parameter.
 * Results never hold {@code null} either: a value that may be missing is an {@code Optional} ({@code OptionalInt},
 * {@code OptionalLong}), none is an empty collection. A value that is present but breaks a rule throws
 * {@link io.mockloop.db.ValidationException} naming the field, the rule and the value.
 */
package io.mockloop.db.maintenance;
