package io.mockloop.db;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The validated, immutable settings a {@link MockLoopDb} was opened with. Built by {@link MockLoopDb.Builder};
 * {@link #toString()} masks the password and any password in the URL. Immutable and thread-safe; no component is
 * {@code null} (the compact constructor throws {@link NullPointerException} naming it).
 *
 * @param url the JDBC URL; empty when the caller supplied a {@code DataSource}
 * @param username the user; empty when none is configured (the driver's or the URL's default applies)
 * @param password the password; empty when none is configured; never shown by {@code toString()}
 * @param poolSize the maximum number of pooled connections (at least 1; {@link #DEFAULT_POOL_SIZE} by default)
 * @param poolTimeout how long a caller waits for a connection, and how long opening waits for the database (at
 *                    least {@link #MIN_POOL_TIMEOUT}; {@link #DEFAULT_POOL_TIMEOUT} by default)
 * @param echo whether every SQL statement is logged through slf4j (logger {@code io.mockloop.db.sql}, INFO)
 * @param migrateOnStart whether {@link MockLoopDb.Builder#build()} applies pending migrations; when
 *                       {@code false} and the schema is behind, {@code build()} fails
 * @param sqlite the pragmas applied to every pooled connection of a SQLite file database
 * @param connectionProperties extra driver properties (from the YAML sub-blocks or the builder), sorted by name
 * @param partitionedRequestLogs whether request_logs is (made) a table partitioned by month (PostgreSQL only;
 *                               see {@link MockLoopDb.Builder#partitionedRequestLogs(boolean)})
 * @param statementTimeout how long the server may run one statement before cancelling it (PostgreSQL
 *                         {@code statement_timeout}; MySQL/MariaDB the JDBC query timeout, whole seconds); not
 *                         applied on SQLite, whose lock waits {@code sqlite.busyTimeout} bounds. See
 *                         {@link MockLoopDb.Builder#statementTimeout(Duration)}
 * @param connectTimeout how long opening one server connection may take, TCP connect and login included
 * @param socketTimeout how long the driver waits for the server to answer one read before it gives the connection
 *                      up as lost; longer than {@code statementTimeout}, so that a slow statement is cancelled by
 *                      the server before the connection is dropped
 */
public record DatabaseSettings(
        Optional<String> url,
        Optional<String> username,
        Optional<String> password,
        int poolSize,
        Duration poolTimeout,
        boolean echo,
        boolean migrateOnStart,
        SqliteSettings sqlite,
        Map<String, String> connectionProperties,
        boolean partitionedRequestLogs,
        Duration statementTimeout,
        Duration connectTimeout,
        Duration socketTimeout) {

    /** The default {@link #poolSize()}: {@value}. */
    public static final int DEFAULT_POOL_SIZE = 10;
    /** The default {@link #poolTimeout()}: 30 s. */
    public static final Duration DEFAULT_POOL_TIMEOUT = Duration.ofSeconds(30);
    /** The shortest {@link #poolTimeout()}: 250 ms (the pool refuses less). */
    public static final Duration MIN_POOL_TIMEOUT = Duration.ofMillis(250);
    /** The port of a PostgreSQL server when the YAML file, the environment or the URL names none: {@value}. */
    public static final int DEFAULT_POSTGRESQL_PORT = 5432;
    /** The port of a MySQL/MariaDB server when the YAML file, the environment or the URL names none: {@value}. */
    public static final int DEFAULT_MYSQL_PORT = 3306;
    /** The default {@link #statementTimeout()}: 30 s. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    /** The default {@link #connectTimeout()}: 5 s. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * How much longer than the statement timeout the default {@link #socketTimeout()} is (15 s, so 45 s by
     * default): the server's cancellation of a slow statement must reach the driver before the socket gives up.
     */
    public static final Duration SOCKET_TIMEOUT_MARGIN = Duration.ofSeconds(15);

    /**
     * Compact constructor: copies the map (sorted, unmodifiable) and checks the invariants.
     *
     * @throws NullPointerException when a component is {@code null}
     * @throws ConfigurationException when the pool size is below 1 or the timeouts are out of range
     */
    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(poolTimeout, "poolTimeout");
        Objects.requireNonNull(sqlite, "sqlite");
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(socketTimeout, "socketTimeout");
        checkTimeouts(statementTimeout, connectTimeout, socketTimeout);
        connectionProperties = java.util.Collections.unmodifiableMap(new TreeMap<>(
                Objects.requireNonNull(connectionProperties, "connectionProperties")));
        if (poolSize < 1) {
            throw new ConfigurationException("poolSize", "poolSize must be >= 1 (was " + poolSize + ")");
        }
    }

    /** Shortest statement and connect timeout: the drivers count in milliseconds at best. */
    static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    /** Shortest socket timeout: PostgreSQL's driver counts in whole seconds. */
    static final Duration MIN_SOCKET_TIMEOUT = Duration.ofSeconds(1);
    /** Longest timeout: the drivers keep them in an {@code int} of milliseconds. */
    static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    /**
     * Checks the three timeouts against each other and the drivers' ranges.
     *
     * @throws ConfigurationException naming the setting and the value
     */
    static void checkTimeouts(Duration statementTimeout, Duration connectTimeout, Duration socketTimeout) {
        checkRange("statementTimeout", statementTimeout, MIN_TIMEOUT);
        checkRange("connectTimeout", connectTimeout, MIN_TIMEOUT);
        checkRange("socketTimeout", socketTimeout, MIN_SOCKET_TIMEOUT);
        if (socketTimeout.compareTo(statementTimeout) <= 0) {
            throw new ConfigurationException("socketTimeout", "socketTimeout must be longer than statementTimeout"
                    + " (was " + socketTimeout + ", statementTimeout " + statementTimeout + "), so that the server"
                    + " cancels a slow statement before the driver drops the connection");
        }
    }

    private static void checkRange(String setting, Duration value, Duration min) {
        if (value.compareTo(min) < 0 || value.compareTo(MAX_TIMEOUT) > 0) {
            throw new ConfigurationException(setting, setting + " must be between " + min.toMillis() + " ms and 1 day"
                    + " (was " + value + ")");
        }
    }

    /** @return whether this is an in-memory SQLite database */
    public boolean isInMemory() {
        return url.isPresent() && JdbcUrls.isSqliteMemory(url.get());
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url.map(JdbcUrls::mask).orElse("<DataSource>")
                + ", username=" + username.orElse("<none>")
                + ", password=" + (password.isEmpty() ? "<none>" : "****")
                + ", poolSize=" + poolSize
                + ", poolTimeout=" + poolTimeout
                + ", echo=" + echo
                + ", migrateOnStart=" + migrateOnStart
                + ", sqlite=" + sqlite
                + ", connectionProperties=" + JdbcUrls.maskProperties(connectionProperties)
                + ", partitionedRequestLogs=" + partitionedRequestLogs
                + ", statementTimeout=" + statementTimeout
                + ", connectTimeout=" + connectTimeout
                + ", socketTimeout=" + socketTimeout + "]";
    }

    /**
     * The pragmas applied to every pooled connection of a SQLite file database (the seed's values by default).
     *
     * @param journalMode {@code WAL} by default
     * @param synchronous {@code NORMAL} by default
     * @param cacheSize pages (positive) or KiB (negative); 10000 by default
     * @param tempStore {@code MEMORY} by default
     * @param busyTimeout how long a connection waits for a lock held by another; 10 s by default
     */
    public record SqliteSettings(String journalMode, String synchronous, int cacheSize, String tempStore,
                                 Duration busyTimeout) {

        /** The seed's values: WAL, NORMAL, 10000, MEMORY, and a 10 s busy timeout. */
        public static final SqliteSettings DEFAULTS = new SqliteSettings("WAL", "NORMAL", 10000, "MEMORY",
                Duration.ofSeconds(10));

        /** Compact constructor: checks each pragma against the values SQLite accepts. */
        public SqliteSettings {
            journalMode = oneOf("sqlite.journal_mode", journalMode, "DELETE", "TRUNCATE", "PERSIST", "MEMORY", "WAL", "OFF");
            synchronous = oneOf("sqlite.synchronous", synchronous, "OFF", "NORMAL", "FULL", "EXTRA");
            tempStore = oneOf("sqlite.temp_store", tempStore, "DEFAULT", "FILE", "MEMORY");
            Objects.requireNonNull(busyTimeout, "busyTimeout");
            if (busyTimeout.isNegative()) {
                throw new ConfigurationException("sqlite.busy_timeout",
                        "sqlite.busy_timeout must be >= 0 (was " + busyTimeout + ")");
            }
        }

        private static String oneOf(String setting, String value, String... allowed) {
            if (value != null) {
                for (String a : allowed) {
                    if (a.equalsIgnoreCase(value.trim())) {
                        return a;
                    }
                }
            }
            throw new ConfigurationException(setting, setting + " must be one of " + String.join(", ", allowed)
                    + " (was " + Values.show(value) + ")");
        }
    }
}
