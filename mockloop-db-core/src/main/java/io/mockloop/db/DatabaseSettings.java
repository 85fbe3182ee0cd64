package io.mockloop.db;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import io.mockloop.db.internal.JdbcUrls;

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
        boolean partitionedRequestLogs) {

    /** Compact constructor: copies the map (sorted, unmodifiable) and checks the invariants. */
    public DatabaseSettings {
        Objects.requireNonNull(poolTimeout, "poolTimeout");
        Objects.requireNonNull(sqlite, "sqlite");
        connectionProperties = connectionProperties == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(connectionProperties));
        if (poolSize < 1) {
            throw new ConfigurationException("poolSize", "poolSize must be >= 1 (was " + poolSize + ")");
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
                + ", partitionedRequestLogs=" + partitionedRequestLogs + "]";
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
