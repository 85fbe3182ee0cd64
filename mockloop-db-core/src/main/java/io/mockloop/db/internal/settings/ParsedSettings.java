package io.mockloop.db.internal.settings;

import io.mockloop.db.DatabaseSettings;
import io.mockloop.db.maintenance.RetentionSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a YAML {@code database:} block or the {@code MOCKLOOP_DB_*} variables say, parsed and checked: the value
 * {@link YamlConfig#parse} and {@link EnvironmentConfig#parse} return and {@code MockLoopDb.Builder} applies. An
 * empty field is a setting the source did not mention (the builder keeps what it has). Immutable.
 *
 * @param username the user; the inner value empty when the source sets "no user"
 * @param password the password; the inner value empty when the source sets "no password"
 * @param poolSize the pool size
 * @param poolTimeout the pool timeout
 * @param statementTimeout the statement timeout
 * @param connectTimeout the connect timeout
 * @param socketTimeout the socket timeout
 * @param echo whether to log statements
 * @param migrateOnStart whether to migrate on start
 * @param partitionedRequestLogs whether request_logs is partitioned
 * @param retention the retention schedule; the inner value empty when the source turns retention off
 * @param location where the database is
 * @param sqlite SQLite pragmas
 * @param connectionProperties driver properties, in the order the source gave them
 */
public record ParsedSettings(Optional<Optional<String>> username, Optional<Optional<String>> password,
                             OptionalInt poolSize, Optional<Duration> poolTimeout, Optional<Duration> statementTimeout,
                             Optional<Duration> connectTimeout, Optional<Duration> socketTimeout,
                             Optional<Boolean> echo, Optional<Boolean> migrateOnStart,
                             Optional<Boolean> partitionedRequestLogs,
                             Optional<Optional<RetentionSettings>> retention, Optional<Location> location,
                             Optional<DatabaseSettings.SqliteSettings> sqlite,
                             Map<String, String> connectionProperties) {

    /** Copies the properties, keeping their order. */
    public ParsedSettings {
        connectionProperties = Collections.unmodifiableMap(new LinkedHashMap<>(connectionProperties));
    }

    /** Where the database is: a JDBC URL, a SQLite file or an in-memory SQLite database. */
    public sealed interface Location permits Url, SqliteFile, DefaultSqliteFile, InMemory {
    }

    /** @param url a JDBC URL */
    public record Url(String url) implements Location {
    }

    /** @param file a SQLite file */
    public record SqliteFile(Path file) implements Location {
    }

    /** The default SQLite file ({@code MockLoopDb.DEFAULT_SQLITE_FILE}). */
    public record DefaultSqliteFile() implements Location {
    }

    /** A fresh in-memory SQLite database. */
    public record InMemory() implements Location {
    }

    /** Collects what a parser reads; the last location set wins, as on the builder. Not thread-safe. */
    static final class Collector {
        private Optional<Optional<String>> username = Optional.empty();
        private Optional<Optional<String>> password = Optional.empty();
        private OptionalInt poolSize = OptionalInt.empty();
        private Optional<Duration> poolTimeout = Optional.empty();
        private Optional<Duration> statementTimeout = Optional.empty();
        private Optional<Duration> connectTimeout = Optional.empty();
        private Optional<Duration> socketTimeout = Optional.empty();
        private Optional<Boolean> echo = Optional.empty();
        private Optional<Boolean> migrateOnStart = Optional.empty();
        private Optional<Boolean> partitionedRequestLogs = Optional.empty();
        private Optional<Optional<RetentionSettings>> retention = Optional.empty();
        private Optional<Location> location = Optional.empty();
        private Optional<DatabaseSettings.SqliteSettings> sqlite = Optional.empty();
        private final Map<String, String> connectionProperties = new LinkedHashMap<>();

        Collector username(String value) {
            username = Optional.of(Optional.ofNullable(value));
            return this;
        }

        Collector password(String value) {
            password = Optional.of(Optional.ofNullable(value));
            return this;
        }

        Collector poolSize(int value) {
            poolSize = OptionalInt.of(value);
            return this;
        }

        Collector poolTimeout(Duration value) {
            poolTimeout = Optional.of(value);
            return this;
        }

        Collector statementTimeout(Duration value) {
            statementTimeout = Optional.of(value);
            return this;
        }

        Collector connectTimeout(Duration value) {
            connectTimeout = Optional.of(value);
            return this;
        }

        Collector socketTimeout(Duration value) {
            socketTimeout = Optional.of(value);
            return this;
        }

        Collector echo(boolean value) {
            echo = Optional.of(value);
            return this;
        }

        Collector migrateOnStart(boolean value) {
            migrateOnStart = Optional.of(value);
            return this;
        }

        Collector partitionedRequestLogs(boolean value) {
            partitionedRequestLogs = Optional.of(value);
            return this;
        }

        Collector retention(RetentionSettings value) {
            retention = Optional.of(Optional.of(value));
            return this;
        }

        Collector noRetention() {
            retention = Optional.of(Optional.empty());
            return this;
        }

        Collector url(String value) {
            location = Optional.of(new Url(value));
            return this;
        }

        Collector sqliteFile(Path value) {
            location = Optional.of(new SqliteFile(value));
            return this;
        }

        Collector defaultSqliteFile() {
            location = Optional.of(new DefaultSqliteFile());
            return this;
        }

        Collector inMemory() {
            location = Optional.of(new InMemory());
            return this;
        }

        Collector sqlite(DatabaseSettings.SqliteSettings value) {
            sqlite = Optional.of(value);
            return this;
        }

        Collector connectionProperty(String name, String value) {
            connectionProperties.put(name, value);
            return this;
        }

        ParsedSettings parsed() {
            return new ParsedSettings(username, password, poolSize, poolTimeout, statementTimeout, connectTimeout,
                    socketTimeout, echo, migrateOnStart, partitionedRequestLogs, retention, location, sqlite,
                    connectionProperties);
        }
    }
}
