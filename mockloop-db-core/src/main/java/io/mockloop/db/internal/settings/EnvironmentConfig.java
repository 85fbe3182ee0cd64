package io.mockloop.db.internal.settings;

import io.mockloop.db.ConfigurationException;
import io.mockloop.db.DatabaseSettings;
import io.mockloop.db.Durations;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code MOCKLOOP_DB_*} environment variables into {@link ParsedSettings}:
 * {@code MOCKLOOP_DB_URL}, or {@code MOCKLOOP_DB_TYPE} with {@code MOCKLOOP_DB_PATH} / {@code _HOST},
 * {@code _PORT}, {@code _NAME}; plus {@code MOCKLOOP_DB_USER}, {@code MOCKLOOP_DB_PASSWORD},
 * {@code MOCKLOOP_DB_POOL_SIZE} and the timeouts {@code MOCKLOOP_DB_STATEMENT_TIMEOUT},
 * {@code MOCKLOOP_DB_CONNECT_TIMEOUT} and {@code MOCKLOOP_DB_SOCKET_TIMEOUT} (durations in the one grammar, {@link Durations}:
 * {@code 500ms}, {@code 30s}, {@code 2m}; seconds without a unit).
 */
public final class EnvironmentConfig {

    private EnvironmentConfig() {
    }

    /**
     * @param env the variables
     * @return what the variables say; nothing when none is set
     * @throws ConfigurationException when a variable is refused
     */
    public static ParsedSettings parse(Map<String, String> env) {
        ParsedSettings.Collector collected = new ParsedSettings.Collector();
        read(env, collected);
        return collected.parsed();
    }

    private static void read(Map<String, String> env, ParsedSettings.Collector b) {
        String url = get(env, "MOCKLOOP_DB_URL");
        String type = get(env, "MOCKLOOP_DB_TYPE");
        String user = get(env, "MOCKLOOP_DB_USER");
        String password = get(env, "MOCKLOOP_DB_PASSWORD");
        if (user != null) {
            b.username(user);
        }
        if (password != null) {
            b.password(password);
        }
        String pool = get(env, "MOCKLOOP_DB_POOL_SIZE");
        if (pool != null) {
            try {
                b.poolSize(Integer.parseInt(pool.trim()));
            } catch (NumberFormatException e) {
                throw new ConfigurationException("MOCKLOOP_DB_POOL_SIZE", "MOCKLOOP_DB_POOL_SIZE must be a whole number"
                        + " (was '" + pool + "')");
            }
        }
        String statement = get(env, "MOCKLOOP_DB_STATEMENT_TIMEOUT");
        if (statement != null) {
            b.statementTimeout(Durations.parse("MOCKLOOP_DB_STATEMENT_TIMEOUT", statement));
        }
        String connect = get(env, "MOCKLOOP_DB_CONNECT_TIMEOUT");
        if (connect != null) {
            b.connectTimeout(Durations.parse("MOCKLOOP_DB_CONNECT_TIMEOUT", connect));
        }
        String socket = get(env, "MOCKLOOP_DB_SOCKET_TIMEOUT");
        if (socket != null) {
            b.socketTimeout(Durations.parse("MOCKLOOP_DB_SOCKET_TIMEOUT", socket));
        }
        if (url != null) {
            if (type != null) {
                throw new ConfigurationException("MOCKLOOP_DB_TYPE", "set MOCKLOOP_DB_URL or MOCKLOOP_DB_TYPE, not both"
                        + " (MOCKLOOP_DB_TYPE was '" + type + "')");
            }
            b.url(url);
            return;
        }
        if (type == null) {
            for (String k : new String[] {"MOCKLOOP_DB_HOST", "MOCKLOOP_DB_PORT", "MOCKLOOP_DB_NAME"}) {
                if (get(env, k) != null) {
                    throw new ConfigurationException("MOCKLOOP_DB_TYPE", k + " is set but MOCKLOOP_DB_TYPE is not"
                            + " (set it to postgresql, mysql or mariadb)");
                }
            }
            String path = get(env, "MOCKLOOP_DB_PATH");
            if (path != null) {
                b.sqliteFile(Path.of(path));
            }
            return;
        }
        switch (type.trim().toLowerCase(Locale.ROOT)) {
            case "sqlite" -> {
                String path = get(env, "MOCKLOOP_DB_PATH");
                if (":memory:".equals(path)) {
                    b.inMemory();
                } else {
                    if (path == null) {
                        b.defaultSqliteFile();
                    } else {
                        b.sqliteFile(Path.of(path));
                    }
                }
            }
            case "postgresql", "postgres" -> b.url(server(env, "postgresql", DatabaseSettings.DEFAULT_POSTGRESQL_PORT));
            case "mysql" -> b.url(server(env, "mysql", DatabaseSettings.DEFAULT_MYSQL_PORT));
            case "mariadb" -> b.url(server(env, "mariadb", DatabaseSettings.DEFAULT_MYSQL_PORT));
            default -> throw new ConfigurationException("MOCKLOOP_DB_TYPE",
                    "MOCKLOOP_DB_TYPE must be one of sqlite, postgresql, mysql, mariadb (was '" + type + "')");
        }
    }

    private static String server(Map<String, String> env, String scheme, int defaultPort) {
        String host = orDefault(env, "MOCKLOOP_DB_HOST", "localhost");
        String portText = orDefault(env, "MOCKLOOP_DB_PORT", String.valueOf(defaultPort));
        int port;
        try {
            port = Integer.parseInt(portText.trim());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new ConfigurationException("MOCKLOOP_DB_PORT", "MOCKLOOP_DB_PORT must be between 1 and 65535 (was '"
                    + portText + "')");
        }
        String name = orDefault(env, "MOCKLOOP_DB_NAME", "mockloop");
        if (!name.matches("[A-Za-z0-9_$-]{1,64}")) {
            throw new ConfigurationException("MOCKLOOP_DB_NAME", "MOCKLOOP_DB_NAME must be 1-64 letters, digits, '_',"
                    + " '$' or '-' (was '" + name + "')");
        }
        return "jdbc:" + scheme + "://" + host + ":" + port + "/" + name;
    }

    private static String get(Map<String, String> env, String key) {
        String v = env.get(key);
        return v == null || v.isBlank() ? null : v;
    }

    private static String orDefault(Map<String, String> env, String key, String def) {
        String v = get(env, key);
        return v == null ? def : v;
    }
}
