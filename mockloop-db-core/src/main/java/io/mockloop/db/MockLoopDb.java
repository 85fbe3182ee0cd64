package io.mockloop.db;

import io.mockloop.db.config.ConfigStore;
import io.mockloop.db.internal.settings.EnvironmentConfig;
import io.mockloop.db.internal.settings.ParsedSettings;
import io.mockloop.db.internal.settings.YamlConfig;
import io.mockloop.db.internal.startup.MigrationsOnly;
import io.mockloop.db.internal.startup.Startup;
import io.mockloop.db.log.RequestLogStore;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.maintenance.Maintenance;
import io.mockloop.db.maintenance.RetentionSettings;
import io.mockloop.db.migration.Migrations;
import io.mockloop.db.scenario.MockResponseStore;
import io.mockloop.db.scenario.ScenarioStore;
import io.mockloop.db.server.ServerRegistry;
import io.mockloop.db.user.UserStore;
import io.mockloop.db.webhook.WebhookStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * The one front door of mockloop-db: an open database with its connection pool, its migrations and its typed
 * stores.
 *
 * <pre>{@code
 * try (MockLoopDb db = MockLoopDb.open(Path.of("db/mockloop.db"))) {
 *     db.config().setLogRetentionDays(7);
 *     db.useTransaction(tx -> tx.config().set("owner", "team-a"));
 * }
 * }</pre>
 *
 * <p>Open one per database and share it: it is thread-safe, and every store it hands out is thread-safe.
 * {@link #close()} is idempotent, closes what this instance opened in reverse order, and never closes a
 * {@link DataSource} passed to {@link Builder#dataSource(DataSource)}. After {@code close()}, the store accessors,
 * {@link #maintenance()} and {@link #inTransaction(TransactionCallback)} throw {@link StoreUnavailableException}.
 */
public final class MockLoopDb implements Stores, AutoCloseable {


    /** The SQLite file used when nothing else is configured (the seed's path). */
    public static final Path DEFAULT_SQLITE_FILE = Path.of("db", "mockloop.db");

    private final DatabaseSettings settings;
    private final Startup started;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MockLoopDb(DatabaseSettings settings, Startup started) {
        this.settings = settings;
        this.started = started;
    }

    /**
     * The newest schema version this library carries (the one {@link Migrations#migrate()} brings a database to),
     * read from the changelog on the classpath; opens no database. The optional version that partitions
     * request_logs ({@link Builder#partitionedRequestLogs(boolean)}, 4) is not counted: a partitioned database
     * reports it through {@code migrations().status()}.
     *
     * @return the version, for example 2
     * @throws MigrationException when the changelog is not on the classpath
     */
    public static int latestSchemaVersion() {
        return Startup.latestSchemaVersion();
    }

    /**
     * The migrations of the database {@code settings} describe, opening no pool, no jOOQ and no stores: each
     * operation runs on a dedicated connection of its own, closed when it ends (what a schema tool needs: migrate,
     * status, history, validate, rollback). Connects once, at once, to tell the database product.
     *
     * @param settings the settings, for example {@code builder().url(...).settings()}; they must name a URL
     * @return the migrations; nothing to close
     * @throws NullPointerException when {@code settings} is null
     * @throws ConfigurationException when the settings name a DataSource instead of a URL, or partitioned request
     *         logs are asked of a database that is not PostgreSQL
     * @throws StoreUnavailableException when the database cannot be reached within the pool timeout
     */
    public static Migrations migrationsOnly(DatabaseSettings settings) {
        return MigrationsOnly.open(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * @return a new builder with the defaults (SQLite file {@link #DEFAULT_SQLITE_FILE}, a pool of
     *         {@link DatabaseSettings#DEFAULT_POOL_SIZE} connections, {@link DatabaseSettings#DEFAULT_POOL_TIMEOUT})
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens a fresh, migrated in-memory SQLite database that lives until {@link #close()}; every pooled
     * connection sees it. Meant for tests.
     *
     * @return the open database
     */
    public static MockLoopDb inMemory() {
        return builder().inMemory().build();
    }

    /**
     * Opens (creating it and its directory when absent) and migrates a SQLite file database.
     *
     * @param sqliteFile the database file
     * @return the open database
     * @throws ConfigurationException when {@code sqliteFile} is a directory
     */
    public static MockLoopDb open(Path sqliteFile) {
        return builder().sqliteFile(sqliteFile).build();
    }

    /**
     * Opens the database described by the {@code database:} block of a YAML file in the seed's format
     * ({@code type}, {@code path}, {@code host}, {@code port}, {@code database}, {@code username},
     * {@code password}, {@code pool_size}, {@code pool_timeout}, {@code echo}, {@code ssl_mode},
     * {@code charset} and the {@code sqlite}, {@code postgresql}, {@code mysql} and {@code retention} sub-blocks; see
     * {@link Builder#retention(RetentionSettings)}). String values may
     * refer to environment variables as {@code ${NAME}} or {@code ${NAME:-default}}.
     *
     * @param yamlFile the file
     * @return the open database
     * @throws ConfigurationException when the file is missing or malformed, or a value is refused
     */
    public static MockLoopDb fromYaml(Path yamlFile) {
        return builder().yaml(yamlFile).build();
    }

    /**
     * Opens the database the environment describes: {@code MOCKLOOP_DB_URL} (with {@code MOCKLOOP_DB_USER} and
     * {@code MOCKLOOP_DB_PASSWORD}), or {@code MOCKLOOP_DB_TYPE} with {@code MOCKLOOP_DB_PATH} (SQLite) or
     * {@code MOCKLOOP_DB_HOST}, {@code MOCKLOOP_DB_PORT}, {@code MOCKLOOP_DB_NAME}, {@code MOCKLOOP_DB_USER},
     * {@code MOCKLOOP_DB_PASSWORD}. With none of them set: the default SQLite file.
     *
     * @return the open database
     * @throws ConfigurationException when a variable is refused
     */
    public static MockLoopDb fromEnv() {
        return builder().environment(System.getenv()).build();
    }

    /** @return the settings this database was opened with (passwords masked in {@code toString()}) */
    public DatabaseSettings settings() {
        return settings;
    }

    /** @return the product of the server reached (a {@code jdbc:mysql:} URL to MariaDB gives MARIADB) */
    public DatabaseType databaseType() {
        return started.type();
    }

    /** @return the schema's migrations: migrate, roll back, status, validate */
    public Migrations migrations() {
        return started.migrations();
    }

    /** @return sizes, vacuum, statistics, SQLite backup and restore, health, retention */
    public Maintenance maintenance() {
        ensureOpen();
        return started.maintenance();
    }

    @Override
    public ConfigStore config() {
        ensureOpen();
        return started.stores().config();
    }

    @Override
    public ServerRegistry servers() {
        ensureOpen();
        return started.stores().servers();
    }

    @Override
    public ScenarioStore scenarios() {
        ensureOpen();
        return started.stores().scenarios();
    }

    @Override
    public MockResponseStore mockResponses() {
        ensureOpen();
        return started.stores().mockResponses();
    }

    @Override
    public UserStore users() {
        ensureOpen();
        return started.stores().users();
    }

    @Override
    public WebhookStore webhooks() {
        ensureOpen();
        return started.stores().webhooks();
    }

    @Override
    public RequestLogStore requestLogs() {
        ensureOpen();
        return started.stores().requestLogs();
    }

    /**
     * Runs {@code callback} in one transaction: it commits when the callback returns and rolls back when it
     * throws. The stores handed to the callback share the transaction.
     *
     * @param callback the work
     * @param <T> what it returns
     * @param <X> the checked exception the callback may throw (inferred; {@code RuntimeException} when none)
     * @return what the callback returned
     * @throws X what the callback threw, unchanged (checked or not), after the rollback; a failure of one of the
     *         transaction's stores is a {@link MockLoopDbException} naming the operation
     * @throws StoreUnavailableException when the transaction cannot begin or commit, or after {@link #close()}
     */
    public <T, X extends Exception> T inTransaction(TransactionCallback<T, X> callback) throws X {
        Objects.requireNonNull(callback, "callback");
        ensureOpen();
        return started.inTransaction(callback);
    }

    /**
     * As {@link #inTransaction(TransactionCallback)}, for work without a result.
     *
     * @param work the work
     * @param <X> the checked exception the work may throw (inferred; {@code RuntimeException} when none)
     * @throws X what the work threw, unchanged, after the rollback
     * @throws StoreUnavailableException when the transaction cannot begin or commit, or after {@link #close()}
     */
    public <X extends Exception> void useTransaction(TransactionWork<X> work) throws X {
        Objects.requireNonNull(work, "work");
        this.<Void, X>inTransaction(tx -> {
            work.run(tx);
            return null;
        });
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed.get();
    }

    /** Closes the pool (never a caller's DataSource); an in-memory database is gone afterwards. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            started.close();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new StoreUnavailableException("this MockLoopDb for " + started.maskedUrl() + " is closed");
        }
    }

    /** Internal access for the library's own modules; not part of the API. */
    StoreContext context() {
        return started.context();
    }

    @Override
    public String toString() {
        return "MockLoopDb[" + started.maskedUrl() + ", " + started.type() + (closed.get() ? ", closed" : "") + "]";
    }

    /**
     * Builds a {@link MockLoopDb}: validates every setting, copies them into an immutable {@link DatabaseSettings},
     * opens the pool and migrates. The location setters ({@link #url}, {@link #sqliteFile}, {@link #inMemory},
     * {@link #dataSource}) replace one another: the last one called wins.
     *
     * <p>Not thread-safe; use one builder per thread.
     */
    public static final class Builder {
        private String url;
        private String username;
        private String password;
        private Path sqliteFile;
        private boolean inMemory;
        private DataSource dataSource;
        private int poolSize = DatabaseSettings.DEFAULT_POOL_SIZE;
        private Duration poolTimeout = DatabaseSettings.DEFAULT_POOL_TIMEOUT;
        private Duration statementTimeout = DatabaseSettings.DEFAULT_STATEMENT_TIMEOUT;
        private Duration connectTimeout = DatabaseSettings.DEFAULT_CONNECT_TIMEOUT;
        private Duration socketTimeout; // null: statementTimeout + DatabaseSettings.SOCKET_TIMEOUT_MARGIN
        private boolean echo;
        private boolean migrateOnStart = true;
        private boolean checkSchemaOnStart = true;
        private boolean partitionedRequestLogs;
        private DatabaseSettings.SqliteSettings sqlite = DatabaseSettings.SqliteSettings.DEFAULTS;
        private RetentionSettings retention;
        private final Map<String, String> connectionProperties = new LinkedHashMap<>();
        // typed Object so that Micrometer stays optional: nothing links against it unless a registry is given
        private Object meterRegistry;
        // not public: what "now" is for partition maintenance, for tests at a month boundary (InternalAccess)
        private java.time.Clock clock = java.time.Clock.systemUTC();

        private Builder() {
        }

        /** Package-private on purpose: tests set the clock of partition maintenance through InternalAccess. */
        Builder clock(java.time.Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        private void clearLocation() {
            url = null;
            sqliteFile = null;
            inMemory = false;
            dataSource = null;
        }

        /**
         * @param jdbcUrl a {@code jdbc:sqlite:}, {@code jdbc:postgresql:}, {@code jdbc:mysql:} or
         *                {@code jdbc:mariadb:} URL
         * @return this builder
         */
        public Builder url(String jdbcUrl) {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            clearLocation();
            this.url = jdbcUrl;
            return this;
        }

        /**
         * @param username the database user (none by default: the driver's or the URL's applies)
         * @return this builder
         * @throws NullPointerException when {@code username} is {@code null}
         */
        public Builder username(String username) {
            this.username = Objects.requireNonNull(username, "username");
            return this;
        }

        /**
         * @param password the password (none by default); never logged
         * @return this builder
         * @throws NullPointerException when {@code password} is {@code null}
         */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * @param file a SQLite database file (created with its directory when absent)
         * @return this builder
         */
        public Builder sqliteFile(Path file) {
            Objects.requireNonNull(file, "file");
            clearLocation();
            this.sqliteFile = file;
            return this;
        }

        /** Uses a fresh in-memory SQLite database that lives until {@code close()}. @return this builder */
        public Builder inMemory() {
            clearLocation();
            this.inMemory = true;
            return this;
        }

        /**
         * Uses the caller's {@code DataSource} instead of opening a pool; it is never closed by mockloop-db.
         *
         * @param dataSource the data source
         * @return this builder
         */
        public Builder dataSource(DataSource dataSource) {
            Objects.requireNonNull(dataSource, "dataSource");
            clearLocation();
            this.dataSource = dataSource;
            return this;
        }

        /**
         * @param poolSize maximum pooled connections, at least 1 (default
         *                 {@value io.mockloop.db.DatabaseSettings#DEFAULT_POOL_SIZE})
         * @return this builder
         */
        public Builder poolSize(int poolSize) {
            this.poolSize = poolSize;
            return this;
        }

        /**
         * @param poolTimeout how long to wait for a connection, and for the database when opening; at least
         *                    {@link DatabaseSettings#MIN_POOL_TIMEOUT} (default
         *                    {@link DatabaseSettings#DEFAULT_POOL_TIMEOUT})
         * @return this builder
         */
        public Builder poolTimeout(Duration poolTimeout) {
            this.poolTimeout = Objects.requireNonNull(poolTimeout, "poolTimeout");
            return this;
        }

        /**
         * How long the server may run one statement before it cancels it; the call then fails with
         * {@link StoreUnavailableException} naming the timeout. Applied as PostgreSQL's {@code statement_timeout} on
         * every pooled connection, and on MySQL/MariaDB as the JDBC query timeout of every statement of the stores
         * (whole seconds, rounded up; MariaDB Connector/J has the server enforce it as {@code max_statement_time}).
         * Not applied on SQLite, where {@link DatabaseSettings.SqliteSettings#busyTimeout()} bounds lock waits.
         * Migrations run on their own connection without it (building an index on a large table may take longer);
         * see the README's "Timeouts".
         *
         * @param statementTimeout 100 ms to 1 day (default {@link DatabaseSettings#DEFAULT_STATEMENT_TIMEOUT})
         * @return this builder
         */
        public Builder statementTimeout(Duration statementTimeout) {
            this.statementTimeout = Objects.requireNonNull(statementTimeout, "statementTimeout");
            return this;
        }

        /**
         * How long opening one connection to a server may take, TCP connect and login included (PostgreSQL's
         * {@code connectTimeout} and {@code loginTimeout}, MySQL/MariaDB's {@code connectTimeout}); a server that
         * accepts the connection but does not answer is given up after this long. Also caps how long the pool
         * validates an idle connection before handing it out. Not applied on SQLite.
         *
         * @param connectTimeout 100 ms to 1 day (default {@link DatabaseSettings#DEFAULT_CONNECT_TIMEOUT})
         * @return this builder
         */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * How long the driver waits for the server to answer one read before it gives the connection up as lost
         * (the driver's {@code socketTimeout}): the bound on a call to a server that hangs (stopped, frozen, or
         * behind a network that drops packets). It must be longer than {@link #statementTimeout(Duration)}, so that
         * the server cancels a slow statement cleanly before the connection is dropped. Not applied on SQLite.
         *
         * @param socketTimeout 1 s to 1 day, longer than the statement timeout (default: the statement timeout plus
         *                      {@link DatabaseSettings#SOCKET_TIMEOUT_MARGIN})
         * @return this builder
         */
        public Builder socketTimeout(Duration socketTimeout) {
            this.socketTimeout = Objects.requireNonNull(socketTimeout, "socketTimeout");
            return this;
        }

        /** @param echo log every SQL statement at INFO on logger {@code io.mockloop.db.sql} @return this builder */
        public Builder echo(boolean echo) {
            this.echo = echo;
            return this;
        }

        /**
         * @param migrateOnStart apply pending migrations in {@link #build()} (default {@code true}); when
         *                       {@code false} and the schema is behind, {@code build()} fails naming the pending
         *                       versions
         * @return this builder
         */
        public Builder migrateOnStart(boolean migrateOnStart) {
            this.migrateOnStart = migrateOnStart;
            return this;
        }

        /**
         * Whether {@link #build()} refuses a schema that is behind when {@link #migrateOnStart(boolean)} is
         * {@code false} (default {@code true}). Turn it off only for tools that inspect or repair the schema
         * themselves (the {@code mockloop db} command line: {@code status}, {@code validate}, {@code rollback});
         * the stores of a database opened so may fail on missing tables. Ignored when migrateOnStart is
         * {@code true}.
         *
         * @param checkSchemaOnStart {@code false} to open a database whatever its schema version
         * @return this builder
         */
        public Builder checkSchemaOnStart(boolean checkSchemaOnStart) {
            this.checkSchemaOnStart = checkSchemaOnStart;
            return this;
        }

        /**
         * Turns on in-process retention (off by default): one daemon thread per database runs
         * {@link Maintenance#runRetentionNow()} after {@link RetentionSettings#initialDelay()} and then every
         * {@link RetentionSettings#interval()}, applying system_config's {@code log_retention_days} and
         * {@code max_log_entries} (read at each run) to request logs and
         * {@link RetentionSettings#webhookDeliveryRetention()} to webhook deliveries. When several processes share
         * the database only one cleans at a time; the others skip that run. {@link MockLoopDb#close()} stops it
         * (a run in progress stops at the next chunk boundary). State and last result:
         * {@link Maintenance#retention()}.
         *
         * @param retention the schedule, for example {@link RetentionSettings#DEFAULTS} ({@link #noRetention()}
         *                  turns it off again)
         * @return this builder
         */
        public Builder retention(RetentionSettings retention) {
            this.retention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        /**
         * Turns in-process retention off (the default), undoing {@link #retention(RetentionSettings)}.
         *
         * @return this builder
         */
        public Builder noRetention() {
            this.retention = null;
            return this;
        }

        /**
         * Makes request_logs a table partitioned by month on {@code timestamp} (PostgreSQL only): the optional
         * schema version 4 converts an existing table keeping every row (see {@code docs/partitioning.md}), the
         * current and next month's partitions are created on start and by
         * {@link Maintenance#ensureRequestLogPartitions()}, a default partition catches the rest, and retention
         * drops whole expired partitions. Every query returns what it returns on a plain table. Undo it with
         * {@code migrations().rollback(3)}. A database that is already partitioned is used as such without this
         * option. {@link #build()} throws {@link ConfigurationException} when the database is not PostgreSQL.
         *
         * @param partitioned whether to partition request_logs (default false)
         * @return this builder
         */
        public Builder partitionedRequestLogs(boolean partitioned) {
            this.partitionedRequestLogs = partitioned;
            return this;
        }

        /**
         * Publishes the pool's and the library's meters to a Micrometer registry: HikariCP's own
         * {@code hikaricp.connections.*} meters (pool opened by mockloop-db only; a caller's DataSource publishes
         * its own) and the {@code mockloop.*} meters listed in the README, all tagged {@code pool} with this
         * database's pool name. {@link MockLoopDb#close()} removes them. Micrometer ({@code io.micrometer:micrometer-core})
         * is an optional dependency: add it to call this method.
         *
         * @param registry the registry (none by default)
         * @return this builder
         */
        public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** @param sqlite pragmas for SQLite file databases @return this builder */
        public Builder sqlite(DatabaseSettings.SqliteSettings sqlite) {
            this.sqlite = Objects.requireNonNull(sqlite, "sqlite");
            return this;
        }

        /**
         * @param name a JDBC driver property, for example {@code sslmode}
         * @param value its value
         * @return this builder
         */
        public Builder connectionProperty(String name, String value) {
            connectionProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Applies the {@code database:} block of a YAML file (see {@link MockLoopDb#fromYaml(Path)}), resolving
         * {@code ${NAME}} references from the process environment.
         *
         * @param yamlFile the file
         * @return this builder
         * @throws ConfigurationException when the file is missing or malformed, or a value is refused
         */
        public Builder yaml(Path yamlFile) {
            return yaml(yamlFile, System.getenv());
        }

        /**
         * As {@link #yaml(Path)}, resolving {@code ${NAME}} references from {@code environment}.
         *
         * @param yamlFile the file
         * @param environment the variables to resolve references from
         * @return this builder
         * @throws ConfigurationException when the file is missing or malformed, or a value is refused
         */
        public Builder yaml(Path yamlFile, Map<String, String> environment) {
            return apply(YamlConfig.parse(yamlFile, environment));
        }

        /**
         * Applies the {@code MOCKLOOP_DB_*} variables of {@code environment} (see {@link MockLoopDb#fromEnv()});
         * does nothing when none is set.
         *
         * @param environment the variables, for example {@code System.getenv()}
         * @return this builder
         * @throws ConfigurationException when a variable is refused
         */
        public Builder environment(Map<String, String> environment) {
            return apply(EnvironmentConfig.parse(environment));
        }

        /** Applies what a YAML block or the environment said; settings they did not mention stay as they are. */
        private Builder apply(ParsedSettings p) {
            p.username().ifPresent(u -> this.username = u.orElse(null));
            p.password().ifPresent(pw -> this.password = pw.orElse(null));
            p.poolSize().ifPresent(this::poolSize);
            p.poolTimeout().ifPresent(this::poolTimeout);
            p.statementTimeout().ifPresent(this::statementTimeout);
            p.connectTimeout().ifPresent(this::connectTimeout);
            p.socketTimeout().ifPresent(this::socketTimeout);
            p.echo().ifPresent(this::echo);
            p.migrateOnStart().ifPresent(this::migrateOnStart);
            p.retention().ifPresent(r -> this.retention = r.orElse(null));
            p.location().ifPresent(l -> {
                if (l instanceof ParsedSettings.Url u) {
                    url(u.url());
                } else if (l instanceof ParsedSettings.SqliteFile f) {
                    sqliteFile(f.file());
                } else if (l instanceof ParsedSettings.DefaultSqliteFile) {
                    sqliteFile(DEFAULT_SQLITE_FILE);
                } else {
                    inMemory();
                }
            });
            p.sqlite().ifPresent(this::sqlite);
            p.connectionProperties().forEach(this::connectionProperty);
            p.partitionedRequestLogs().ifPresent(this::partitionedRequestLogs);
            return this;
        }

        /**
         * Validates the settings, opens the pool and migrates (unless {@code migrateOnStart(false)}).
         *
         * @return the open database
         * @throws ConfigurationException when a setting is refused (nothing is opened or created), including a URL
         *         the driver cannot parse; or at once, without waiting for the pool timeout, when the server refuses
         *         the user or password or does not have the database, or the SQLite file is not a database (the
         *         message names the cause; nothing is written)
         * @throws StoreUnavailableException when the database cannot be reached within the pool timeout
         * @throws MigrationException when migrating fails, or the schema is behind, migrateOnStart is false and
         *         checkSchemaOnStart is true
         */
        public MockLoopDb build() {
            DatabaseSettings s = settings();
            return new MockLoopDb(s, Startup.open(s, dataSource, checkSchemaOnStart, retention, meterRegistry, clock));
        }

        /** @return the retention schedule {@link #build()} would start, or empty when retention is off */
        public java.util.Optional<RetentionSettings> retentionSettings() {
            return java.util.Optional.ofNullable(retention);
        }

        /**
         * Validates and returns the settings {@link #build()} would use, without opening anything.
         *
         * @return the settings
         * @throws ConfigurationException when a setting is refused
         */
        public DatabaseSettings settings() {
            if (poolSize < 1) {
                throw new ConfigurationException("poolSize", "poolSize must be >= 1 (was " + poolSize + ")");
            }
            if (poolTimeout == null || poolTimeout.compareTo(DatabaseSettings.MIN_POOL_TIMEOUT) < 0) {
                throw new ConfigurationException("poolTimeout", "poolTimeout must be >= "
                        + DatabaseSettings.MIN_POOL_TIMEOUT.toMillis() + " ms (was "
                        + poolTimeout + ")");
            }
            if (statementTimeout == null) {
                throw new ConfigurationException("statementTimeout", "statementTimeout must not be null");
            }
            if (connectTimeout == null) {
                throw new ConfigurationException("connectTimeout", "connectTimeout must not be null");
            }
            DatabaseSettings.checkTimeouts(statementTimeout, connectTimeout, socketTimeout != null ? socketTimeout
                    : statementTimeout.plus(DatabaseSettings.SOCKET_TIMEOUT_MARGIN));
            String jdbcUrl;
            if (dataSource != null) {
                jdbcUrl = null;
            } else if (inMemory) {
                jdbcUrl = "jdbc:sqlite:file:/mockloop-" + UUID.randomUUID() + "?vfs=memdb";
            } else if (url != null) {
                jdbcUrl = url.trim();
                if (!(jdbcUrl.startsWith("jdbc:sqlite:") || jdbcUrl.startsWith("jdbc:postgresql:")
                        || jdbcUrl.startsWith("jdbc:mysql:") || jdbcUrl.startsWith("jdbc:mariadb:"))) {
                    throw new ConfigurationException("url", "url must start with jdbc:sqlite:, jdbc:postgresql:,"
                            + " jdbc:mysql: or jdbc:mariadb: (was '" + JdbcUrls.mask(url) + "')");
                }
                checkDriver(jdbcUrl);
                if (jdbcUrl.startsWith("jdbc:sqlite:") && !JdbcUrls.isSqliteMemory(jdbcUrl)) {
                    Path file;
                    try {
                        file = Path.of(sqlitePath(jdbcUrl));
                    } catch (java.nio.file.InvalidPathException e) {
                        throw new ConfigurationException("url", "url must name a SQLite file path (was '"
                                + JdbcUrls.mask(url) + "': " + e.getReason() + ")", e);
                    }
                    checkSqlitePath(file);
                }
            } else {
                Path file = sqliteFile != null ? sqliteFile : DEFAULT_SQLITE_FILE;
                checkSqlitePath(file);
                jdbcUrl = "jdbc:sqlite:" + file;
            }
            if (partitionedRequestLogs && jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw Startup.partitionedNeedsPostgres(jdbcUrl.startsWith("jdbc:sqlite:") ? "SQLite"
                        : "MySQL/MariaDB ('" + JdbcUrls.mask(jdbcUrl) + "')");
            }
            return new DatabaseSettings(java.util.Optional.ofNullable(jdbcUrl), java.util.Optional.ofNullable(username),
                    java.util.Optional.ofNullable(password), poolSize, poolTimeout, echo, migrateOnStart, sqlite,
                    connectionProperties, partitionedRequestLogs, statementTimeout, connectTimeout,
                    socketTimeout != null ? socketTimeout
                            : statementTimeout.plus(DatabaseSettings.SOCKET_TIMEOUT_MARGIN));
        }

        /**
         * The server drivers are not dependencies of mockloop-db (each user needs one at most): a URL whose driver is
         * not on the class path is refused here, naming what to add, instead of failing later as "No suitable
         * driver". A URL the driver cannot parse (a port that is not a number, no host) is refused here too, by the
         * driver's own parser and without connecting, instead of failing after the pool timeout.
         */
        private static void checkDriver(String jdbcUrl) {
            String scheme = jdbcUrl.substring(0, jdbcUrl.indexOf(':', "jdbc:".length()) + 1);
            java.sql.Driver driver;
            try {
                driver = java.sql.DriverManager.getDriver(jdbcUrl);
            } catch (java.sql.SQLException e) {
                String[] coordinatesAndClass = switch (scheme) {
                    case "jdbc:postgresql:" -> new String[] {"org.postgresql:postgresql", "org.postgresql.Driver"};
                    case "jdbc:mysql:" -> new String[] {"com.mysql:mysql-connector-j", "com.mysql.cj.jdbc.Driver"};
                    case "jdbc:mariadb:" -> new String[] {"org.mariadb.jdbc:mariadb-java-client",
                        "org.mariadb.jdbc.Driver"};
                    default -> new String[] {"org.xerial:sqlite-jdbc", "org.sqlite.JDBC"};
                };
                String coordinates = coordinatesAndClass[0];
                if (loadable(coordinatesAndClass[1])) {
                    // the driver is there and refused the URL (pgjdbc's acceptsURL parses it)
                    throw new ConfigurationException("url", "url '" + JdbcUrls.mask(jdbcUrl) + "' is not a valid "
                            + scheme + " URL: the driver " + coordinatesAndClass[1] + " cannot parse it (check the"
                            + " host, the port (1 to 65535) and the database name)", e);
                }
                throw new ConfigurationException("url", "url '" + JdbcUrls.mask(jdbcUrl) + "' needs the JDBC driver "
                        + coordinates + ", which is not on the class path: add it to your build (Maven <dependency>"
                        + " or Gradle runtimeOnly \"" + coordinates + "\")", e);
            }
            try {
                driver.getPropertyInfo(jdbcUrl, new java.util.Properties()); // parses the URL; never connects
            } catch (java.sql.SQLException | RuntimeException e) {
                throw new ConfigurationException("url", "url '" + JdbcUrls.mask(jdbcUrl) + "' is not a valid "
                        + scheme + " URL: " + JdbcUrls.mask(String.valueOf(e.getMessage())), e);
            }
        }

        private static boolean loadable(String driverClass) {
            for (ClassLoader loader : new ClassLoader[] {MockLoopDb.class.getClassLoader(),
                Thread.currentThread().getContextClassLoader()}) {
                try {
                    Class.forName(driverClass, false, loader);
                    return true;
                } catch (ClassNotFoundException | LinkageError e) {
                    // not on this loader's class path
                }
            }
            return false;
        }

        private static String sqlitePath(String jdbcUrl) {
            String path = jdbcUrl.substring("jdbc:sqlite:".length());
            int q = path.indexOf('?');
            path = q >= 0 ? path.substring(0, q) : path;
            return path.startsWith("file:") ? path.substring("file:".length()) : path;
        }

        private static void checkSqlitePath(Path file) {
            if (file.toString().isBlank()) {
                throw new ConfigurationException("sqliteFile", "sqliteFile must not be empty (was '')");
            }
            if (Files.isDirectory(file)) {
                throw new ConfigurationException("sqliteFile", "sqliteFile must be a file, not a directory (was '"
                        + file + "')");
            }
        }
    }

}
