package io.mockloop.db;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The validated, immutable settings a {@link MockLoopDb} was opened with. Built by {@link MockLoopDb.Builder};
 * {@link #toString()} masks the password and any password in the URL.
 *
 * @param url the JDBC URL; {@code null} when the caller supplied a {@code DataSource}
 * @param username the user, or {@code null}
 * @param password the password, or {@code null}; never shown by {@code toString()}
 * @param poolSize the maximum number of pooled connections (at least 1)
 * @param poolTimeout how long a caller waits for a connection, and how long opening waits for the database
 * @param echo whether every SQL statement is logged through slf4j (logger {@code io.mockloop.db.sql}, INFO)
 * @param migrateOnStart whether {@link MockLoopDb.Builder#build()} applies pending migrations; when
 *                       {@code false} and the schema is behind, {@code build()} fails
 * @param sqlite the pragmas applied to every pooled connection of a SQLite file database
 * @param connectionProperties extra driver properties (from the YAML sub-blocks or the builder), never
 *                             {@code null}
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
        String url,
        String username,
        String password,
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
     * Compact constructor: copies the map (sorted, unmodifiable), fills in the default timeouts ({@code null}
     * statement and connect timeouts become {@link #DEFAULT_STATEMENT_TIMEOUT} and {@link #DEFAULT_CONNECT_TIMEOUT},
     * a {@code null} socket timeout the statement timeout plus {@link #SOCKET_TIMEOUT_MARGIN}) and checks the
     * invariants.
     */
    public DatabaseSettings {
        Objects.requireNonNull(poolTimeout, "poolTimeout");
        Objects.requireNonNull(sqlite, "sqlite");
        statementTimeout = statementTimeout == null ? DEFAULT_STATEMENT_TIMEOUT : statementTimeout;
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        socketTimeout = socketTimeout == null ? statementTimeout.plus(SOCKET_TIMEOUT_MARGIN) : socketTimeout;
        checkTimeouts(statementTimeout, connectTimeout, socketTimeout);
        connectionProperties = connectionProperties == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(connectionProperties));
        if (poolSize < 1) {
            throw new ConfigurationException("poolSize", "poolSize must be >= 1 (was " + poolSize + ")");
        }
    }

    /**
     * The settings with the default timeouts (the form before the timeouts existed).
     *
     * @param url see the record
     * @param username see the record
     * @param password see the record
     * @param poolSize see the record
     * @param poolTimeout see the record
     * @param echo see the record
     * @param migrateOnStart see the record
     * @param sqlite see the record
     * @param connectionProperties see the record
     * @param partitionedRequestLogs see the record
     */
    public DatabaseSettings(String url, String username, String password, int poolSize, Duration poolTimeout,
                            boolean echo, boolean migrateOnStart, SqliteSettings sqlite,
                            Map<String, String> connectionProperties, boolean partitionedRequestLogs) {
        this(url, username, password, poolSize, poolTimeout, echo, migrateOnStart, sqlite, connectionProperties,
                partitionedRequestLogs, null, null, null);
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

    /**
     * The settings without partitioned request logs (the form before that option existed).
     *
     * @param url see the record
     * @param username see the record
     * @param password see the record
     * @param poolSize see the record
     * @param poolTimeout see the record
     * @param echo see the record
     * @param migrateOnStart see the record
     * @param sqlite see the record
     * @param connectionProperties see the record
     */
    public DatabaseSettings(String url, String username, String password, int poolSize, Duration poolTimeout,
                            boolean echo, boolean migrateOnStart, SqliteSettings sqlite,
                            Map<String, String> connectionProperties) {
        this(url, username, password, poolSize, poolTimeout, echo, migrateOnStart, sqlite, connectionProperties,
                false);
    }

    /** @return whether this is an in-memory SQLite database */
    public boolean isInMemory() {
        return url != null && JdbcUrls.isSqliteMemory(url);
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + (url == null ? "<DataSource>" : JdbcUrls.mask(url))
                + ", username=" + username
                + ", password=" + (password == null ? "null" : "****")
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
