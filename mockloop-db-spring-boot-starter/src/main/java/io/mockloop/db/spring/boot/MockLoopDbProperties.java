package io.mockloop.db.spring.boot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * The {@code mockloop.db.*} properties: the settings of the YAML {@code database:} block, in Spring's spelling.
 * A property left unset keeps the library's default ({@code MockLoopDb.Builder}); nothing is validated here:
 * {@code MockLoopDb.Builder#build()} refuses a bad value with a {@link io.mockloop.db.ConfigurationException}
 * that the auto-configuration re-throws naming the property.
 *
 * <p>Without {@code url} the {@code MockLoopDb} bean uses the application's {@code DataSource}, and the pool
 * settings ({@code username}, {@code password}, {@code pool-size}, {@code pool-timeout},
 * {@code connection-properties}, {@code sqlite.*}) do not apply: that pool is configured through
 * {@code spring.datasource.*}.
 *
 * <p>A mutable bean, as Spring's binder needs; bound once at start-up and read once by the auto-configuration.
 * Not thread-safe.
 */
@ConfigurationProperties(prefix = MockLoopDbProperties.PREFIX)
public class MockLoopDbProperties {

    /** The prefix, {@value}. */
    public static final String PREFIX = "mockloop.db";

    /** Whether to auto-configure a MockLoopDb bean. */
    private boolean enabled = true;

    /**
     * JDBC URL of a database of mockloop-db's own (jdbc:sqlite:, jdbc:postgresql:, jdbc:mysql: or jdbc:mariadb:),
     * opened with its own HikariCP pool. Unset: the application's DataSource, or the SQLite file ./db/mockloop.db
     * when the application has none.
     */
    private String url;

    /** Database user (with url only). */
    private String username;

    /** Database password (with url only); never logged. */
    private String password;

    /** Maximum pooled connections, at least 1 (with url only; library default 10). */
    private Integer poolSize;

    /**
     * How long to wait for a connection, and for the database when opening; at least 250 ms (with url only; library
     * default 30s). A number without a unit is seconds, as in the YAML file.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration poolTimeout;

    /**
     * The longest one SQL statement may run on PostgreSQL or MySQL/MariaDB (with url only; library default 30s). A
     * number without a unit is seconds, as in the YAML file.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration statementTimeout;

    /** How long opening a server connection may take (with url only; library default 5s). */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration connectTimeout;

    /**
     * How long a server connection may wait for an answer, longer than the statement timeout (with url only; library
     * default: the statement timeout plus 15s).
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration socketTimeout;

    /** Whether to log every SQL statement at INFO on logger io.mockloop.db.sql (library default false). */
    private Boolean echo;

    /** Whether to apply pending migrations when the bean is created (library default true). */
    private Boolean migrateOnStart;

    /**
     * Whether start-up fails when the schema is behind and migrate-on-start is false (library default true). Turn
     * off only for tools that inspect or repair the schema themselves.
     */
    private Boolean checkSchemaOnStart;

    /** Whether request_logs is partitioned by month; PostgreSQL only (library default false). */
    private Boolean partitionRequestLogs;

    /** Extra JDBC driver properties, for example sslmode (with url only). */
    private Map<String, String> connectionProperties = new LinkedHashMap<>();

    /** SQLite pragmas (with url only). */
    private final Sqlite sqlite = new Sqlite();

    /** The in-process retention schedule. */
    private final Retention retention = new Retention();

    /** @return whether the auto-configuration creates a {@code MockLoopDb} bean (default {@code true}) */
    public boolean isEnabled() {
        return enabled;
    }

    /** @param enabled whether the auto-configuration creates a {@code MockLoopDb} bean */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** @return the JDBC URL of mockloop-db's own database, or {@code null} to use the application's DataSource */
    public String getUrl() {
        return url;
    }

    /** @param url the JDBC URL of mockloop-db's own database */
    public void setUrl(String url) {
        this.url = url;
    }

    /** @return the user, or {@code null} */
    public String getUsername() {
        return username;
    }

    /** @param username the user */
    public void setUsername(String username) {
        this.username = username;
    }

    /** @return the password, or {@code null} */
    public String getPassword() {
        return password;
    }

    /** @param password the password */
    public void setPassword(String password) {
        this.password = password;
    }

    /** @return the maximum pool size, or {@code null} for the library's default */
    public Integer getPoolSize() {
        return poolSize;
    }

    /** @param poolSize the maximum pool size */
    public void setPoolSize(Integer poolSize) {
        this.poolSize = poolSize;
    }

    /** @return the pool timeout, or {@code null} for the library's default */
    public Duration getPoolTimeout() {
        return poolTimeout;
    }

    /** @param poolTimeout the pool timeout */
    public void setPoolTimeout(Duration poolTimeout) {
        this.poolTimeout = poolTimeout;
    }

    /** @return the statement timeout, or {@code null} for the library's default */
    public Duration getStatementTimeout() {
        return statementTimeout;
    }

    /** @param statementTimeout the statement timeout */
    public void setStatementTimeout(Duration statementTimeout) {
        this.statementTimeout = statementTimeout;
    }

    /** @return the connect timeout, or {@code null} for the library's default */
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    /** @param connectTimeout the connect timeout */
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** @return the socket timeout, or {@code null} for the library's default */
    public Duration getSocketTimeout() {
        return socketTimeout;
    }

    /** @param socketTimeout the socket timeout */
    public void setSocketTimeout(Duration socketTimeout) {
        this.socketTimeout = socketTimeout;
    }

    /** @return whether SQL is logged, or {@code null} for the library's default */
    public Boolean getEcho() {
        return echo;
    }

    /** @param echo whether SQL is logged */
    public void setEcho(Boolean echo) {
        this.echo = echo;
    }

    /** @return whether to migrate on start, or {@code null} for the library's default */
    public Boolean getMigrateOnStart() {
        return migrateOnStart;
    }

    /** @param migrateOnStart whether to migrate on start */
    public void setMigrateOnStart(Boolean migrateOnStart) {
        this.migrateOnStart = migrateOnStart;
    }

    /** @return whether to refuse a schema that is behind, or {@code null} for the library's default */
    public Boolean getCheckSchemaOnStart() {
        return checkSchemaOnStart;
    }

    /** @param checkSchemaOnStart whether to refuse a schema that is behind */
    public void setCheckSchemaOnStart(Boolean checkSchemaOnStart) {
        this.checkSchemaOnStart = checkSchemaOnStart;
    }

    /** @return whether request_logs is partitioned, or {@code null} for the library's default */
    public Boolean getPartitionRequestLogs() {
        return partitionRequestLogs;
    }

    /** @param partitionRequestLogs whether request_logs is partitioned (PostgreSQL only) */
    public void setPartitionRequestLogs(Boolean partitionRequestLogs) {
        this.partitionRequestLogs = partitionRequestLogs;
    }

    /** @return the extra driver properties, never {@code null} */
    public Map<String, String> getConnectionProperties() {
        return connectionProperties;
    }

    /** @param connectionProperties extra driver properties */
    public void setConnectionProperties(Map<String, String> connectionProperties) {
        this.connectionProperties = connectionProperties == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(connectionProperties);
    }

    /** @return the SQLite pragmas, never {@code null} */
    public Sqlite getSqlite() {
        return sqlite;
    }

    /** @return the retention schedule, never {@code null} */
    public Retention getRetention() {
        return retention;
    }

    /**
     * The {@code mockloop.db.sqlite.*} pragmas, applied to every pooled connection of a SQLite file database that
     * mockloop-db opens itself. An unset pragma keeps the library's default ({@code SqliteSettings.DEFAULTS}).
     */
    public static class Sqlite {

        /** Journal mode: DELETE, TRUNCATE, PERSIST, MEMORY, WAL or OFF (library default WAL). */
        private String journalMode;

        /** Synchronous mode: OFF, NORMAL, FULL or EXTRA (library default NORMAL). */
        private String synchronous;

        /** Cache size in pages (positive) or KiB (negative) (library default 10000). */
        private Integer cacheSize;

        /** Temp store: DEFAULT, FILE or MEMORY (library default MEMORY). */
        private String tempStore;

        /**
         * How long a connection waits for a lock another holds (library default 10s). A number without a unit is
         * milliseconds, as in the YAML file.
         */
        private Duration busyTimeout;

        /** @return the journal mode, or {@code null} for the library's default */
        public String getJournalMode() {
            return journalMode;
        }

        /** @param journalMode the journal mode */
        public void setJournalMode(String journalMode) {
            this.journalMode = journalMode;
        }

        /** @return the synchronous mode, or {@code null} for the library's default */
        public String getSynchronous() {
            return synchronous;
        }

        /** @param synchronous the synchronous mode */
        public void setSynchronous(String synchronous) {
            this.synchronous = synchronous;
        }

        /** @return the cache size, or {@code null} for the library's default */
        public Integer getCacheSize() {
            return cacheSize;
        }

        /** @param cacheSize the cache size */
        public void setCacheSize(Integer cacheSize) {
            this.cacheSize = cacheSize;
        }

        /** @return the temp store, or {@code null} for the library's default */
        public String getTempStore() {
            return tempStore;
        }

        /** @param tempStore the temp store */
        public void setTempStore(String tempStore) {
            this.tempStore = tempStore;
        }

        /** @return the busy timeout, or {@code null} for the library's default */
        public Duration getBusyTimeout() {
            return busyTimeout;
        }

        /** @param busyTimeout the busy timeout */
        public void setBusyTimeout(Duration busyTimeout) {
            this.busyTimeout = busyTimeout;
        }

        boolean isSet() {
            return journalMode != null || synchronous != null || cacheSize != null || tempStore != null
                    || busyTimeout != null;
        }
    }

    /**
     * The {@code mockloop.db.retention.*} schedule. As in the YAML block, setting any of these turns the schedule on
     * unless {@code enabled} is {@code false}; an unset duration keeps the library's default
     * ({@code RetentionSettings.DEFAULTS}). A number without a unit is seconds.
     */
    public static class Retention {

        /** Whether the in-process retention schedule runs (default: on when another retention property is set). */
        private Boolean enabled;

        /** Time between the end of one run and the start of the next, 10ms to 366d (library default 24h). */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration interval;

        /** Time from opening the database to the first run, 0 to 366d (library default 60s). */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration initialDelay;

        /** How long webhook delivery attempts are kept, 0 to 36500d (library default 7d). */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration webhookDeliveryRetention;

        /** @return whether retention is on, or {@code null} when not set (then on when another property is set) */
        public Boolean getEnabled() {
            return enabled;
        }

        /** @param enabled whether retention is on */
        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the interval, or {@code null} for the library's default */
        public Duration getInterval() {
            return interval;
        }

        /** @param interval the interval */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /** @return the initial delay, or {@code null} for the library's default */
        public Duration getInitialDelay() {
            return initialDelay;
        }

        /** @param initialDelay the initial delay */
        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }

        /** @return how long webhook deliveries are kept, or {@code null} for the library's default */
        public Duration getWebhookDeliveryRetention() {
            return webhookDeliveryRetention;
        }

        /** @param webhookDeliveryRetention how long webhook deliveries are kept */
        public void setWebhookDeliveryRetention(Duration webhookDeliveryRetention) {
            this.webhookDeliveryRetention = webhookDeliveryRetention;
        }

        boolean isOn() {
            return enabled != null ? enabled
                    : interval != null || initialDelay != null || webhookDeliveryRetention != null;
        }
    }
}
