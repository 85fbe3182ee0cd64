package io.mockloop.db.internal.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mockloop.db.ConfigurationException;
import io.mockloop.db.DatabaseSettings;
import io.mockloop.db.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the seed's {@code database:} YAML block into {@link ParsedSettings}, which {@code MockLoopDb.Builder}
 * applies. Every key is checked: an
 * unknown key, a wrong type or a refused value is a {@link ConfigurationException} naming the key path
 * ({@code database.pool_size}) and the value; passwords are never shown.
 */
public final class YamlConfig {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private static final Set<String> TOP = Set.of("type", "path", "url", "host", "port", "database", "username",
            "password", "pool_size", "pool_timeout", "echo", "ssl_mode", "charset", "migrate_on_start", "sqlite",
            "postgresql", "mysql", "retention",
            "statement_timeout", "connect_timeout", "socket_timeout");
    private static final Set<String> RETENTION = Set.of("enabled", "interval", "initial_delay",
            "webhook_delivery_retention");
    private static final Set<String> SQLITE = Set.of("journal_mode", "synchronous", "cache_size", "temp_store",
            "busy_timeout");
    private static final Set<String> POSTGRESQL = Set.of("application_name", "connect_timeout", "command_timeout",
            "server_settings", "partition_request_logs");
    private static final Set<String> MYSQL = Set.of("autocommit", "sql_mode", "time_zone");

    private YamlConfig() {
    }

    /**
     * @param file the YAML file
     * @param env environment variables for {@code ${NAME}} references
     * @return what the block says
     * @throws ConfigurationException when the file is missing or malformed, or a value is refused
     */
    public static ParsedSettings parse(Path file, Map<String, String> env) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new ConfigurationException("config", "config file must be a readable file (was '" + file + "')");
        }
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new ConfigurationException("config", "config file '" + file + "' is not valid YAML" + where + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigurationException("config", "cannot read config file '" + file + "': " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || !root.isObject() || !root.has("database")) {
            throw new ConfigurationException("database", "config file '" + file + "' must have a 'database:' block");
        }
        JsonNode db = root.get("database");
        if (!db.isObject()) {
            throw new ConfigurationException("database", "database must be a mapping (was " + db.getNodeType() + ")");
        }
        ParsedSettings.Collector collected = new ParsedSettings.Collector();
        new Reader(env).apply(db, collected);
        return collected.parsed();
    }

    private static final class Reader {
        private final Map<String, String> env;

        Reader(Map<String, String> env) {
            this.env = env == null ? Map.of() : env;
        }

        void apply(JsonNode db, ParsedSettings.Collector b) {
            checkKeys("database", db, TOP);
            String type = text(db, "database", "type", "sqlite").toLowerCase(Locale.ROOT);
            String user = text(db, "database", "username", null);
            String password = text(db, "database", "password", null);
            if (user != null) {
                b.username(user);
            }
            if (password != null) {
                b.password(password);
            }
            if (db.has("pool_size")) {
                b.poolSize(integer(db, "database", "pool_size"));
            }
            if (db.has("pool_timeout")) {
                b.poolTimeout(duration(db, "database", "pool_timeout"));
            }
            if (db.has("statement_timeout")) {
                b.statementTimeout(duration(db, "database", "statement_timeout"));
            }
            if (db.has("connect_timeout")) {
                b.connectTimeout(duration(db, "database", "connect_timeout"));
            }
            if (db.has("socket_timeout")) {
                b.socketTimeout(duration(db, "database", "socket_timeout"));
            }
            if (db.has("echo")) {
                b.echo(bool(db, "database", "echo"));
            }
            if (db.has("migrate_on_start")) {
                b.migrateOnStart(bool(db, "database", "migrate_on_start"));
            }
            retention(db.get("retention"), b);
            String explicitUrl = text(db, "database", "url", null);
            switch (type) {
                case "sqlite" -> sqlite(db, b, explicitUrl);
                case "postgresql", "postgres" -> server(db, b, explicitUrl, "postgresql",
                        DatabaseSettings.DEFAULT_POSTGRESQL_PORT);
                case "mysql" -> server(db, b, explicitUrl, "mysql", DatabaseSettings.DEFAULT_MYSQL_PORT);
                case "mariadb" -> server(db, b, explicitUrl, "mariadb", DatabaseSettings.DEFAULT_MYSQL_PORT);
                default -> throw new ConfigurationException("database.type",
                        "database.type must be one of sqlite, postgresql, mysql, mariadb (was '" + type + "')");
            }
        }

        private void sqlite(JsonNode db, ParsedSettings.Collector b, String explicitUrl) {
            for (String k : List.of("host", "port", "database", "postgresql", "mysql")) {
                if (db.has(k)) {
                    throw new ConfigurationException("database." + k, "database." + k
                            + " does not apply to type sqlite (use database.path)");
                }
            }
            String path = text(db, "database", "path", null);
            if (explicitUrl != null) {
                b.url(explicitUrl);
            } else if (path == null) {
                b.defaultSqliteFile();
            } else if (path.equals(":memory:")) {
                b.inMemory();
            } else {
                try {
                    b.sqliteFile(Path.of(path));
                } catch (java.nio.file.InvalidPathException e) {
                    throw new ConfigurationException("database.path", "database.path must be a file path (was '"
                            + path + "': " + e.getReason() + ")", e);
                }
            }
            JsonNode s = db.get("sqlite");
            if (s != null) {
                if (!s.isObject()) {
                    throw new ConfigurationException("database.sqlite", "database.sqlite must be a mapping");
                }
                checkKeys("database.sqlite", s, SQLITE);
                DatabaseSettings.SqliteSettings d = DatabaseSettings.SqliteSettings.DEFAULTS;
                b.sqlite(new DatabaseSettings.SqliteSettings(
                        text(s, "database.sqlite", "journal_mode", d.journalMode()),
                        text(s, "database.sqlite", "synchronous", d.synchronous()),
                        s.has("cache_size") ? integer(s, "database.sqlite", "cache_size") : d.cacheSize(),
                        text(s, "database.sqlite", "temp_store", d.tempStore()),
                        s.has("busy_timeout") ? Duration.ofMillis(integer(s, "database.sqlite", "busy_timeout"))
                                : d.busyTimeout()));
            }
        }

        private void server(JsonNode db, ParsedSettings.Collector b, String explicitUrl, String scheme, int defaultPort) {
            if (db.has("path")) {
                throw new ConfigurationException("database.path", "database.path applies only to type sqlite");
            }
            if (db.has("sqlite")) {
                throw new ConfigurationException("database.sqlite", "database.sqlite applies only to type sqlite");
            }
            if (explicitUrl != null) {
                b.url(explicitUrl);
            } else {
                String host = text(db, "database", "host", "localhost");
                int port = db.has("port") ? integer(db, "database", "port") : defaultPort;
                if (port < 1 || port > 65535) {
                    throw new ConfigurationException("database.port", "database.port must be between 1 and 65535 (was "
                            + port + ")");
                }
                String name = text(db, "database", "database", "mockloop");
                if (!name.matches("[A-Za-z0-9_$-]{1,64}")) {
                    throw new ConfigurationException("database.database", "database.database must be 1-64 letters,"
                            + " digits, '_', '$' or '-' (was '" + name + "')");
                }
                b.url("jdbc:" + scheme + "://" + host + ":" + port + "/" + name);
            }
            String ssl = text(db, "database", "ssl_mode", null);
            if (scheme.equals("postgresql")) {
                if (ssl != null) {
                    b.connectionProperty("sslmode", ssl);
                }
                if (db.has("charset")) {
                    throw new ConfigurationException("database.charset",
                            "database.charset applies only to mysql and mariadb (PostgreSQL uses the database encoding)");
                }
                if (db.has("mysql")) {
                    throw new ConfigurationException("database.mysql", "database.mysql applies only to mysql and mariadb");
                }
                postgresql(db.get("postgresql"), b);
            } else {
                if (ssl != null) {
                    b.connectionProperty("sslMode", ssl);
                }
                String charset = text(db, "database", "charset", null);
                if (charset != null) {
                    b.connectionProperty("characterEncoding",
                            charset.toLowerCase(Locale.ROOT).startsWith("utf8") ? "UTF-8" : charset);
                }
                if (db.has("postgresql")) {
                    throw new ConfigurationException("database.postgresql",
                            "database.postgresql applies only to postgresql");
                }
                mysql(db.get("mysql"), b);
            }
        }

        private void postgresql(JsonNode pg, ParsedSettings.Collector b) {
            if (pg == null) {
                return;
            }
            if (!pg.isObject()) {
                throw new ConfigurationException("database.postgresql", "database.postgresql must be a mapping");
            }
            checkKeys("database.postgresql", pg, POSTGRESQL);
            String app = text(pg, "database.postgresql", "application_name", null);
            if (app != null) {
                b.connectionProperty("ApplicationName", app);
            }
            if (pg.has("connect_timeout")) {
                b.connectionProperty("connectTimeout", String.valueOf(positive(pg, "database.postgresql", "connect_timeout")));
            }
            if (pg.has("partition_request_logs")) {
                b.partitionedRequestLogs(bool(pg, "database.postgresql", "partition_request_logs"));
            }
            if (pg.has("command_timeout")) {
                b.connectionProperty("socketTimeout", String.valueOf(positive(pg, "database.postgresql", "command_timeout")));
            }
            JsonNode server = pg.get("server_settings");
            if (server != null) {
                if (!server.isObject()) {
                    throw new ConfigurationException("database.postgresql.server_settings",
                            "database.postgresql.server_settings must be a mapping");
                }
                StringJoiner options = new StringJoiner(" ");
                Iterator<Map.Entry<String, JsonNode>> it = server.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String key = e.getKey();
                    String value = resolve(e.getValue().asText(), "database.postgresql.server_settings." + key);
                    if (!key.matches("[A-Za-z_][A-Za-z0-9_.]*") || !value.matches("[A-Za-z0-9_.:+/-]*")) {
                        throw new ConfigurationException("database.postgresql.server_settings." + key,
                                "database.postgresql.server_settings." + key + " must be a plain setting name and value"
                                        + " (was '" + value + "')");
                    }
                    options.add("-c " + key + "=" + value);
                }
                b.connectionProperty("options", options.toString());
            }
        }

        /**
         * {@code retention: {enabled: true, interval: 24h, initial_delay: 60s, webhook_delivery_retention: 7d}};
         * {@code enabled} defaults to true when the block is given, durations are a number with {@code ms},
         * {@code s}, {@code m}, {@code h} or {@code d} (seconds without a unit).
         */
        private void retention(JsonNode r, ParsedSettings.Collector b) {
            if (r == null || r.isNull()) {
                return;
            }
            if (!r.isObject()) {
                throw new ConfigurationException("database.retention", "database.retention must be a mapping (was "
                        + r.getNodeType().name().toLowerCase(Locale.ROOT) + ")");
            }
            checkKeys("database.retention", r, RETENTION);
            boolean enabled = !r.has("enabled") || bool(r, "database.retention", "enabled");
            io.mockloop.db.maintenance.RetentionSettings d = io.mockloop.db.maintenance.RetentionSettings.DEFAULTS;
            io.mockloop.db.maintenance.RetentionSettings settings = new io.mockloop.db.maintenance.RetentionSettings(
                    r.has("interval") ? duration(r, "database.retention", "interval") : d.interval(),
                    r.has("initial_delay") ? duration(r, "database.retention", "initial_delay") : d.initialDelay(),
                    r.has("webhook_delivery_retention")
                            ? duration(r, "database.retention", "webhook_delivery_retention")
                            : d.webhookDeliveryRetention(),
                    d.listener());
            if (enabled) {
                b.retention(settings);
            } else {
                b.noRetention();
            }
        }

        private Duration duration(JsonNode node, String path, String key) {
            JsonNode v = node.get(key);
            String text = v.isValueNode() ? resolve(v.asText(), path + "." + key) : v.toString();
            return Durations.parse(path + "." + key, text);
        }

        private void mysql(JsonNode my, ParsedSettings.Collector b) {
            if (my == null) {
                return;
            }
            if (!my.isObject()) {
                throw new ConfigurationException("database.mysql", "database.mysql must be a mapping");
            }
            checkKeys("database.mysql", my, MYSQL);
            if (my.has("autocommit")) {
                bool(my, "database.mysql", "autocommit"); // checked; mockloop-db manages its own transactions
            }
            List<String> vars = new ArrayList<>();
            String sqlMode = text(my, "database.mysql", "sql_mode", null);
            if (sqlMode != null) {
                if (!sqlMode.matches("[A-Za-z_,]*")) {
                    throw new ConfigurationException("database.mysql.sql_mode",
                            "database.mysql.sql_mode must be a comma-separated list of modes (was '" + sqlMode + "')");
                }
                vars.add("sql_mode='" + sqlMode + "'");
            }
            String zone = text(my, "database.mysql", "time_zone", null);
            if (zone != null) {
                if (!zone.matches("[A-Za-z0-9_:+/-]+")) {
                    throw new ConfigurationException("database.mysql.time_zone",
                            "database.mysql.time_zone must be an offset or zone name (was '" + zone + "')");
                }
                vars.add("time_zone='" + zone + "'");
            }
            if (!vars.isEmpty()) {
                b.connectionProperty("sessionVariables", String.join(",", vars));
            }
        }

        private void checkKeys(String path, JsonNode node, Set<String> known) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!known.contains(n)) {
                    throw new ConfigurationException(path + "." + n, path + "." + n + " is not a known setting (known: "
                            + String.join(", ", new java.util.TreeSet<>(known)) + ")");
                }
            }
        }

        private String text(JsonNode node, String path, String key, String def) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return def;
            }
            if (!v.isValueNode()) {
                throw new ConfigurationException(path + "." + key, path + "." + key + " must be a single value (was a "
                        + v.getNodeType().name().toLowerCase(Locale.ROOT) + ")");
            }
            return resolve(v.asText(), path + "." + key);
        }

        private String resolve(String value, String setting) {
            Matcher m = ENV_REF.matcher(value);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String v = env.get(name);
                if (v == null) {
                    v = m.group(2);
                }
                if (v == null) {
                    throw new ConfigurationException(setting, setting + " refers to environment variable " + name
                            + ", which is not set");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(v));
            }
            m.appendTail(out);
            return out.toString();
        }

        private int integer(JsonNode node, String path, String key) {
            JsonNode v = node.get(key);
            String text = v.isValueNode() ? resolve(v.asText(), path + "." + key) : v.toString();
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new ConfigurationException(path + "." + key, path + "." + key + " must be a whole number (was '"
                        + text + "')");
            }
        }

        private int positive(JsonNode node, String path, String key) {
            int v = integer(node, path, key);
            if (v < 1) {
                throw new ConfigurationException(path + "." + key, path + "." + key + " must be >= 1 (was " + v + ")");
            }
            return v;
        }

        private boolean bool(JsonNode node, String path, String key) {
            JsonNode v = node.get(key);
            String text = v.isValueNode() ? resolve(v.asText(), path + "." + key) : v.toString();
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on" -> true;
                case "false", "no", "off" -> false;
                default -> throw new ConfigurationException(path + "." + key, path + "." + key
                        + " must be true or false (was '" + text + "')");
            };
        }
    }
}
