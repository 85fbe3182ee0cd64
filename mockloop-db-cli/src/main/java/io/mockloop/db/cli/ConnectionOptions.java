package io.mockloop.db.cli;

import io.mockloop.db.DatabaseSettings;
import io.mockloop.db.JdbcUrls;
import io.mockloop.db.MockLoopDb;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every {@code mockloop db} command takes: where the database is, and how to talk. The settings come,
 * lowest first, from the library's defaults, {@code --config FILE} (read as {@code MockLoopDb.fromYaml} reads it),
 * the {@code MOCKLOOP_DB_*} variables (read as {@code MockLoopDb.fromEnv} reads them) and the options; the later
 * wins, as with the Flyway command line. {@code --verbose} prints where each setting came from.
 */
final class ConnectionOptions {

    /** The longest {@code --timeout}: an hour. */
    static final int MAX_TIMEOUT_SECONDS = 3600;
    /** The command line's wait for the database when nothing configures one (the library's 30 s is for servers). */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--url", paramLabel = "JDBC_URL",
            description = "jdbc:sqlite:, jdbc:postgresql:, jdbc:mysql: or jdbc:mariadb: URL (default: MOCKLOOP_DB_URL,"
                    + " the database of --config, or the SQLite file ./db/mockloop.db).")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "Database user (default: MOCKLOOP_DB_USER).")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "Database password (default: the environment variable MOCKLOOP_DB_PASSWORD).")
    String password;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML file with a 'database:' block (type, path, host, port, database, username, ...), read"
                    + " as MockLoopDb.fromYaml reads it; MOCKLOOP_DB_* variables and the options override it.")
    Path config;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for the database before giving up, 1 s to " + MAX_TIMEOUT_SECONDS
                    + " s: 10, 10s, 2m (a bare number is seconds; default: pool_timeout of --config, else 10 s).")
    Duration timeout;

    @Option(names = {"-v", "--verbose"},
            description = "Log what happens (INFO, driver warnings included), say where each setting came from and"
                    + " show stack traces of errors.")
    boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** The settings a command opens with, and where each came from. */
    record Resolved(MockLoopDb.Builder builder, DatabaseSettings settings, List<Source> sources) {
        /** @return the SQLite file of a file URL, empty for an in-memory or server database */
        Optional<Path> sqliteFile() {
            String u = settings.url().orElse(null);
            if (u == null || !JdbcUrls.isSqlite(u) || JdbcUrls.isSqliteMemory(u)) {
                return Optional.empty();
            }
            String path = u.substring("jdbc:sqlite:".length());
            int q = path.indexOf('?');
            path = q >= 0 ? path.substring(0, q) : path;
            return Optional.of(Path.of(path.startsWith("file:") ? path.substring("file:".length()) : path));
        }
    }

    /** One setting, its value (passwords masked) and where it came from. */
    record Source(String setting, String value, String from) {
    }

    /** Checks the option values (a usage error, exit 2, before anything is read or opened). */
    void validate() {
        if (timeout != null && (timeout.compareTo(Duration.ofSeconds(1)) < 0
                || timeout.compareTo(Duration.ofSeconds(MAX_TIMEOUT_SECONDS)) > 0)) {
            String was = timeout.toMillis() % 1000 == 0 ? String.valueOf(timeout.toSeconds()) : timeout.toMillis() + "ms";
            throw new ParameterException(mixee.commandLine(), "--timeout must be between 1 and " + MAX_TIMEOUT_SECONDS
                    + " seconds (was " + was + ")");
        }
    }

    /**
     * Resolves the settings: defaults, then --config, then MOCKLOOP_DB_*, then the options; the command line opens
     * with 2 connections, does not migrate on open and does not refuse a schema that is behind (every command
     * decides itself what to do with the schema).
     *
     * @throws io.mockloop.db.ConfigurationException when a setting is refused
     */
    Resolved resolve() {
        validate();
        Map<String, String> env = root().environment();
        DatabaseSettings defaults = stage(0, env).settings();
        DatabaseSettings fromConfig = config == null ? defaults : stage(1, env).settings();
        DatabaseSettings fromEnv = stage(2, env).settings();
        MockLoopDb.Builder builder = stage(3, env);
        Duration wait;
        String timeoutFrom;
        if (timeout != null) {
            wait = timeout;
            timeoutFrom = "--timeout";
        } else if (!fromEnv.poolTimeout().equals(defaults.poolTimeout())) {
            wait = fromEnv.poolTimeout();
            timeoutFrom = null; // where it was set, found below
        } else {
            wait = DEFAULT_TIMEOUT;
            timeoutFrom = "command-line default";
        }
        builder.poolSize(2).poolTimeout(wait).migrateOnStart(false).checkSchemaOnStart(false);
        DatabaseSettings settings = builder.settings();

        List<Source> sources = new ArrayList<>();
        for (RecordComponent c : DatabaseSettings.class.getRecordComponents()) {
            String name = c.getName();
            Object value = value(c, settings);
            String from;
            if (name.equals("poolSize")) {
                from = "command line (2 connections)";
            } else if (name.equals("migrateOnStart")) {
                from = "command line (each command decides)";
            } else if (name.equals("poolTimeout") && timeoutFrom != null) {
                from = timeoutFrom;
            } else if (optionSets(name) && !Objects.equals(value, value(c, fromEnv))) {
                from = "--" + (name.equals("username") ? "user" : name);
            } else if (!Objects.equals(value(c, fromEnv), value(c, fromConfig))) {
                from = "environment (" + variables(name, env) + ")";
            } else if (!Objects.equals(value(c, fromConfig), value(c, defaults))) {
                from = "--config " + config;
            } else {
                from = "default";
            }
            sources.add(new Source(name, show(name, value), from));
        }
        return new Resolved(builder, settings, List.copyOf(sources));
    }

    /** @return the database opened with the resolved settings (not migrated, whatever its schema) */
    MockLoopDb open() {
        return resolve().builder().build();
    }

    /** The builder after the first {@code stages} sources: 0 defaults, 1 --config, 2 environment, 3 options. */
    private MockLoopDb.Builder stage(int stages, Map<String, String> env) {
        MockLoopDb.Builder b = MockLoopDb.builder();
        if (stages >= 1 && config != null) {
            b.yaml(config, env);
        }
        if (stages >= 2) {
            b.environment(env);
        }
        if (stages >= 3) {
            if (url != null) {
                b.url(url);
            }
            if (user != null) {
                b.username(user);
            }
            if (password != null) {
                b.password(password);
            }
        }
        return b;
    }

    private boolean optionSets(String setting) {
        return (setting.equals("url") && url != null) || (setting.equals("username") && user != null)
                || (setting.equals("password") && password != null);
    }

    private static String variables(String setting, Map<String, String> env) {
        List<String> names = switch (setting) {
            case "url" -> List.of("MOCKLOOP_DB_URL", "MOCKLOOP_DB_TYPE", "MOCKLOOP_DB_PATH", "MOCKLOOP_DB_HOST",
                    "MOCKLOOP_DB_PORT", "MOCKLOOP_DB_NAME");
            case "username" -> List.of("MOCKLOOP_DB_USER");
            case "password" -> List.of("MOCKLOOP_DB_PASSWORD");
            case "poolSize" -> List.of("MOCKLOOP_DB_POOL_SIZE");
            default -> List.of();
        };
        TreeSet<String> set = new TreeSet<>();
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                set.add(n);
            }
        }
        if (set.isEmpty()) {
            env.keySet().stream().filter(k -> k.startsWith("MOCKLOOP_DB_")).forEach(set::add);
        }
        return String.join(", ", set);
    }

    private static Object value(RecordComponent c, DatabaseSettings s) {
        try {
            Object v = c.getAccessor().invoke(s);
            if (v instanceof java.util.Optional<?> o) {
                v = o.orElse(null); // shown as "(none)"
            }
            // an in-memory URL is new on every build: compare what it is, not its random name
            if (c.getName().equals("url") && v instanceof String u && JdbcUrls.isSqliteMemory(u)) {
                return "jdbc:sqlite::memory:";
            }
            return v;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read setting " + c.getName() + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static String show(String name, Object value) {
        if (value == null) {
            return "(none)";
        }
        if (name.toLowerCase(Locale.ROOT).contains("password")) {
            return "****";
        }
        if (name.equals("url")) {
            return JdbcUrls.mask((String) value);
        }
        if (value instanceof Map<?, ?> m) {
            return JdbcUrls.maskProperties((Map<String, String>) m).toString();
        }
        return String.valueOf(value);
    }

    /** Prints where each setting came from on stderr (with {@code --verbose}). */
    void printSources(Resolved resolved, java.io.PrintWriter err) {
        int width = resolved.sources().stream().mapToInt(s -> s.setting().length()).max().orElse(0);
        err.println("mockloop: settings (and where each came from):");
        for (Source s : resolved.sources()) {
            err.printf("  %-" + width + "s  %s  [%s]%n", s.setting(), s.value(), s.from());
        }
        err.flush();
    }

    /**
     * With {@code --verbose}, raises the log level to INFO and lets the drivers' warnings through. slf4j-simple reads
     * it when the first logger is created, so this runs before anything of mockloop-db is touched.
     */
    void applyVerbosity() {
        if (verbose) {
            MockLoopCli.verboseLogging();
        }
    }

    MockLoopCli root() {
        return (MockLoopCli) mixee.root().userObject();
    }
}
