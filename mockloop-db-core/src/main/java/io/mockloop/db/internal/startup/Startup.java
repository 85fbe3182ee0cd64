package io.mockloop.db.internal.startup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mockloop.db.ConfigurationException;
import io.mockloop.db.DatabaseSettings;
import io.mockloop.db.DatabaseType;
import io.mockloop.db.MigrationException;
import io.mockloop.db.MockLoopDbException;
import io.mockloop.db.TransactionCallback;
import io.mockloop.db.internal.Engine;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.internal.log.RequestLogPartitions;
import io.mockloop.db.internal.maintenance.JdbcMaintenance;
import io.mockloop.db.internal.maintenance.RetentionService;
import io.mockloop.db.internal.migration.LiquibaseMigrations;
import io.mockloop.db.internal.webhook.JooqWebhookStore;
import io.mockloop.db.internal.webhook.OutboxDueGauge;
import io.mockloop.db.maintenance.Maintenance;
import io.mockloop.db.maintenance.RetentionSettings;
import io.mockloop.db.migration.MigrationStatus;
import io.mockloop.db.migration.Migrations;
import javax.sql.DataSource;
import org.jooq.exception.DataAccessException;
import org.slf4j.LoggerFactory;

/**
 * The start-up of one {@code MockLoopDb}, and what it opened: the engine (pool, dialect, metrics), the migrations
 * (run or checked), the stores, the webhook outbox gauge, retention and maintenance. The facade delegates to it and
 * closes it. Thread-safe once built.
 */
public final class Startup implements AutoCloseable {

    private final Engine engine;
    private final Migrations migrations;
    private final Maintenance maintenance;
    private final StoreContext context;
    private final DefaultStores stores;

    private Startup(DatabaseSettings settings, DataSource external, boolean checkSchemaOnStart,
                    RetentionSettings retention, Object meterRegistry, java.time.Clock clock) {
        this.engine = Engine.open(settings, external, meterRegistry);
        try {
            if (settings.partitionedRequestLogs() && engine.type() != DatabaseType.POSTGRESQL) {
                // reached through a DataSource: the URL check in the builder could not see the product
                throw partitionedNeedsPostgres(engine.type().toString());
            }
            this.migrations = new LiquibaseMigrations(engine.migrationConnections(), engine.type(), engine.lockKey(),
                    engine.maskedUrl(), settings.partitionedRequestLogs());
            if (settings.migrateOnStart()) {
                migrations.migrate();
            } else if (checkSchemaOnStart) {
                MigrationStatus status = migrations.status();
                if (!status.upToDate()) {
                    throw new MigrationException("the schema of " + engine.maskedUrl() + " is at version "
                            + status.currentVersion() + " and versions " + status.pendingVersions()
                            + " are pending (" + status.pending().size() + " change sets); migrateOnStart is false, so"
                            + " run migrations().migrate() or `mockloop db migrate` first");
                }
            }
            ObjectMapper json = JsonMapper.builder()
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                    .findAndAddModules()
                    .build();
            this.context = new StoreContext(engine.dsl(), engine.type(), json, engine, false);
            context.useStores(DefaultStores::new);
            this.stores = new DefaultStores(context);
            engine.metrics().gauge("mockloop.webhooks.outbox.due", "Webhook events due for delivery now", "events",
                    new OutboxDueGauge((JooqWebhookStore) stores.webhooks()), OutboxDueGauge::value);
            RetentionService retentionService = new RetentionService(engine, context, retention, clock);
            engine.onClose(retentionService);
            this.maintenance = new JdbcMaintenance(engine, migrations, retentionService, clock);
            if (engine.type() == DatabaseType.POSTGRESQL) {
                // a partitioned request_logs gets this and next month's partitions before the first append
                try {
                    RequestLogPartitions.ensure(engine.dsl(), engine.type(), clock.instant());
                } catch (DataAccessException e) {
                    // not fatal: until the host's schedule creates them, new rows land in the default partition
                    LoggerFactory.getLogger(Startup.class).warn("{} could not create this and next"
                            + " month's request_logs partitions: {}", engine.maskedUrl(), Errors.rootMessage(e));
                }
            }
            retentionService.start();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    /**
     * Opens the pool (or wraps {@code external}), migrates or checks the schema, and starts retention.
     *
     * @param settings the validated settings
     * @param external a caller's DataSource (never closed here), or null to open a pool from {@code settings}
     * @param checkSchemaOnStart whether a schema that is behind is refused when migrateOnStart is false
     * @param retention the retention schedule, or null for none
     * @param meterRegistry a Micrometer registry, or null
     * @param clock "now" for partition maintenance
     * @return what was opened; the caller closes it
     * @throws ConfigurationException when partitioned request logs are asked of a database that is not PostgreSQL
     * @throws MigrationException when migrating fails or the schema is behind and may not be migrated
     */
    public static Startup open(DatabaseSettings settings, DataSource external, boolean checkSchemaOnStart,
                               RetentionSettings retention, Object meterRegistry, java.time.Clock clock) {
        return new Startup(settings, external, checkSchemaOnStart, retention, meterRegistry, clock);
    }

    /**
     * @param was the database product, as the message should name it
     * @return the refusal of partitioned request logs on a database that is not PostgreSQL
     */
    public static ConfigurationException partitionedNeedsPostgres(String was) {
        return new ConfigurationException("partitionedRequestLogs", "partitionedRequestLogs is PostgreSQL-only;"
                + " it cannot be used with " + was);
    }

    /** @return the newest schema version the changelog on the class path carries; opens no database */
    public static int latestSchemaVersion() {
        return LiquibaseMigrations.carriedVersion();
    }

    /** @return the product of the server reached */
    public DatabaseType type() {
        return engine.type();
    }

    /** @return the URL with passwords masked */
    public String maskedUrl() {
        return engine.maskedUrl();
    }

    /** @return the schema's migrations */
    public Migrations migrations() {
        return migrations;
    }

    /** @return the maintenance operations */
    public Maintenance maintenance() {
        return maintenance;
    }

    /** @return the stores on the pool (each call its own transaction) */
    public DefaultStores stores() {
        return stores;
    }

    /** @return the pool's store context */
    public StoreContext context() {
        return context;
    }

    /**
     * Runs {@code callback} in one transaction (see {@code MockLoopDb.inTransaction}).
     *
     * @param callback the work
     * @param <T> what it returns
     * @param <X> the checked exception the callback may throw
     * @return what the callback returned
     * @throws X what the callback threw, unchanged, after the rollback
     */
    public <T, X extends Exception> T inTransaction(TransactionCallback<T, X> callback) throws X {
        Exception[] thrown = new Exception[1];
        try {
            StoreContext[] tx = new StoreContext[1];
            T result = engine.dsl().transactionResult(cfg -> {
                tx[0] = context.inTransaction(cfg.dsl());
                try {
                    return callback.run(new DefaultStores(tx[0]));
                } catch (Exception e) {
                    thrown[0] = e;
                    throw e;
                }
            });
            if (tx[0] != null) {
                tx[0].runAfterCommit(); // e.g. cache invalidation and listeners, only once the commit is done
            }
            return result;
        } catch (RuntimeException e) {
            Exception own = thrown[0];
            if (own == null || own instanceof DataAccessException) {
                // beginning or committing failed, or a store inside the transaction hit the database
                Throwable cause = e instanceof DataAccessException && e.getCause() instanceof MockLoopDbException m
                        ? m : own != null ? own : e;
                throw cause instanceof MockLoopDbException m ? m : Errors.wrap("transaction", cause,
                        engine.maskedUrl());
            }
            if (own instanceof RuntimeException r) {
                throw r;
            }
            @SuppressWarnings("unchecked") // run(...) declares X, and own is what it threw
            X checked = (X) own;
            throw checked;
        }
    }

    /** Closes what start-up opened, in reverse order (retention first, the pool last; never a caller's DataSource). */
    @Override
    public void close() {
        engine.close();
    }
}
