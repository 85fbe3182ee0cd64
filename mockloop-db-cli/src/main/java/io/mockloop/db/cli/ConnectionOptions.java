package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every {@code mockloop db} command takes: where the database is, and how to talk. */
final class ConnectionOptions {

    @Option(names = "--url", paramLabel = "JDBC_URL",
            description = "jdbc:sqlite:, jdbc:postgresql:, jdbc:mysql: or jdbc:mariadb: URL (default: the SQLite"
                    + " file ./db/mockloop.db, or the database of --config).")
    String url;

    @Option(names = "--user", paramLabel = "USER", description = "Database user.")
    String user;

    @Option(names = "--password", paramLabel = "PASSWORD",
            description = "Database password (default: the environment variable MOCKLOOP_DB_PASSWORD).")
    String password;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML file with a 'database:' block (type, path, host, port, database, username, ...);"
                    + " --url, --user and --password override it.")
    Path config;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to wait for the database before giving up (default: ${DEFAULT-VALUE} s).")
    int timeoutSeconds;

    @Option(names = {"-v", "--verbose"}, description = "Log what happens (INFO) and show stack traces of errors.")
    boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /**
     * Opens the database without migrating it and without refusing a schema that is behind: every command
     * decides itself what to do with the schema.
     */
    MockLoopDb open() {
        applyVerbosity();
        if (timeoutSeconds < 1) {
            throw new ParameterException(mixee.commandLine(),
                    "--timeout must be at least 1 second (was " + timeoutSeconds + ")");
        }
        MockLoopDb.Builder builder = MockLoopDb.builder();
        if (config != null) {
            builder.yaml(config);
        }
        if (url != null) {
            builder.url(url);
        }
        if (user != null) {
            builder.username(user);
        }
        String pw = password != null ? password : root().environment().get(MockLoopCli.PASSWORD_VARIABLE);
        if (pw != null) {
            builder.password(pw);
        }
        return builder.poolSize(2)
                .poolTimeout(Duration.ofSeconds(timeoutSeconds))
                .migrateOnStart(false)
                .checkSchemaOnStart(false)
                .build();
    }

    /**
     * With {@code --verbose}, raises the log level to INFO. slf4j-simple reads it when the first logger is created,
     * so this runs before anything of mockloop-db is touched.
     */
    void applyVerbosity() {
        if (verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
    }

    MockLoopCli root() {
        return (MockLoopCli) mixee.root().userObject();
    }
}
