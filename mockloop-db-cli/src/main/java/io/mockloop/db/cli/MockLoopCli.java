package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code mockloop} command line: {@code mockloop db migrate|status|rollback|validate|history} and the
 * operations {@code cleanup|vacuum|size|table-sizes|analyze|backup|restore|export|import-upstream|import-har|report|health}.
 *
 * <p>Exit codes: {@value #EXIT_OK} on success, {@value #EXIT_FAILED} when the operation fails (the database cannot
 * be reached, a migration fails, validation finds something, a rollback is not confirmed, an unknown server id, an
 * interrupted cleanup), {@value #EXIT_USAGE} on a usage error (an option value out of range included),
 * {@value #EXIT_REFUSED} when the command refuses (a database migrated by a newer mockloop-db, restore of a file that
 * is not a mockloop database or is from a newer schema, restore not confirmed). Errors are one line on stderr, with
 * the stack trace only under {@code --verbose}; the drivers' own warnings reach stderr only under {@code --verbose};
 * stdout carries only the commands' data, progress goes to stderr.
 *
 * <p>Use {@link #commandLine(InputStream, Map)} to run it in-process (tests); {@link #main(String...)} exits the
 * JVM. An instance is used for one run; not thread-safe.
 */
@Command(name = "mockloop",
        mixinStandardHelpOptions = true,
        versionProvider = MockLoopCli.Version.class,
        description = "The MockLoop database tool.",
        subcommands = {DbCommand.class, CommandLine.HelpCommand.class})
public final class MockLoopCli implements Runnable {

    /** Environment variable read when {@code --password} is not given. */
    public static final String PASSWORD_VARIABLE = "MOCKLOOP_DB_PASSWORD";

    /** Environment variable: seconds between progress lines when stderr is not a terminal (default 5). */
    public static final String PROGRESS_VARIABLE = "MOCKLOOP_PROGRESS_SECONDS";

    /**
     * Environment variable the launcher ({@code bin/mockloop}) sets to 1 when stderr is a terminal and 0 when not
     * ({@code [ -t 2 ]}); without it the command line asks the operating system.
     */
    public static final String STDERR_TTY_VARIABLE = "MOCKLOOP_STDERR_TTY";

    /** Environment variable: the terminal's width for the progress bar (the launcher sets it; default 80). */
    public static final String COLUMNS_VARIABLE = "MOCKLOOP_COLUMNS";

    /** Exit code: success. */
    public static final int EXIT_OK = 0;
    /** Exit code: the operation failed. */
    public static final int EXIT_FAILED = 1;
    /** Exit code: bad arguments. */
    public static final int EXIT_USAGE = 2;
    /** Exit code: the command refused to act (nothing was changed). */
    public static final int EXIT_REFUSED = 3;

    /** pgjdbc logs through java.util.logging; held so that its level is not lost with a collected logger. */
    private static final java.util.logging.Logger PGJDBC_LOG = java.util.logging.Logger.getLogger("org.postgresql");

    private final Cancellation cancellation = new Cancellation();
    private final boolean terminal;
    private OutputStream rawOut;

    private final InputStream in;
    private final Map<String, String> environment;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * @param in where {@code rollback} reads its confirmation (never read with {@code --yes})
     * @param environment the variables to read {@value #PASSWORD_VARIABLE} from
     */
    public MockLoopCli(InputStream in, Map<String, String> environment) {
        this.in = Objects.requireNonNull(in, "in");
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.terminal = false;
    }

    private MockLoopCli(InputStream in, Map<String, String> environment, boolean terminal) {
        this.in = Objects.requireNonNull(in, "in");
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.terminal = terminal;
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the arguments, for example {@code db migrate --url jdbc:sqlite:x.db}
     */
    public static void main(String... args) {
        // the command line owns its JVM (the library sets no system property): no jOOQ banner or tips on the console
        System.setProperty("org.jooq.no-logo", System.getProperty("org.jooq.no-logo", "true"));
        System.setProperty("org.jooq.no-tips", System.getProperty("org.jooq.no-tips", "true"));
        quietDrivers();
        MockLoopCli cli = new MockLoopCli(System.in, System.getenv(), stderrIsTerminal(System.getenv()));
        cli.rawOut = System.out;
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C: interrupt the chunked work and let the command print what it did before the JVM goes
        Thread hook = new Thread(() -> {
            if (cli.cancellation.request()) {
                try {
                    finished.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "mockloop-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = wire(new CommandLine(cli)).execute(args);
        finished.countDown();
        if (cli.cancellation.requested()) {
            return; // the JVM is already shutting down; System.exit would block on the running hook
        }
        System.exit(code);
    }

    /**
     * A command line wired with mockloop's error handling (one line on stderr; exit 1 for a failed operation, 2
     * for a usage error). Set its out/err writers with {@link CommandLine#setOut(PrintWriter)} and
     * {@link CommandLine#setErr(PrintWriter)} to capture them.
     *
     * @param in where {@code rollback} reads its confirmation
     * @param environment the variables to read {@value #PASSWORD_VARIABLE} from
     * @return the command line; call {@link CommandLine#execute(String...)} on it
     */
    public static CommandLine commandLine(InputStream in, Map<String, String> environment) {
        return wire(new CommandLine(new MockLoopCli(in, environment)));
    }

    /**
     * Whether stderr is a terminal, whatever stdout is ({@code System.console()} is null as soon as stdout is
     * redirected): the launcher's answer, else the operating system's (Linux: where fd 2 points), else the console.
     */
    static boolean stderrIsTerminal(Map<String, String> environment) {
        if ("dumb".equals(environment.get("TERM"))) {
            return false;
        }
        String told = environment.get(STDERR_TTY_VARIABLE);
        if (told != null && !told.isBlank()) {
            return told.strip().equals("1");
        }
        try {
            java.nio.file.Path fd2 = java.nio.file.Path.of("/proc/self/fd/2");
            if (java.nio.file.Files.isSymbolicLink(fd2)) {
                String target = java.nio.file.Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.console() != null;
    }

    /**
     * The drivers (MariaDB Connector/J, pgjdbc) and HikariCP log their own warnings about a failed connection (ten
     * lines for one wrong password); the one-line error says it. They are shown with {@code --verbose} only.
     */
    private static void quietDrivers() {
        for (String logger : new String[] {"org.mariadb.jdbc", "com.zaxxer.hikari", "org.postgresql", "com.mysql"}) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            System.setProperty(key, System.getProperty(key, "off"));
        }
        PGJDBC_LOG.setLevel(java.util.logging.Level.OFF);
    }

    /** {@code --verbose}: INFO for everything, the drivers' warnings included. */
    static void verboseLogging() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        for (String logger : new String[] {"org.mariadb.jdbc", "com.zaxxer.hikari", "org.postgresql", "com.mysql"}) {
            System.setProperty("org.slf4j.simpleLogger.log." + logger, "info");
        }
        PGJDBC_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private static CommandLine wire(CommandLine cl) {
        cl.setExecutionExceptionHandler(MockLoopCli::onFailure);
        cl.setParameterExceptionHandler(MockLoopCli::onUsageError);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /**
     * @return the process's stdout as bytes when run by {@link #main}, so that exports are UTF-8 whatever the
     *         platform charset; empty in-process, where the command line's out writer is used
     */
    Optional<OutputStream> rawOut() {
        return Optional.ofNullable(rawOut);
    }

    /** Ctrl-C as the shutdown hook does it: interrupts the running chunked work (tests call it directly). */
    Cancellation cancellation() {
        return cancellation;
    }

    /** @param err where progress goes @return progress reporting for this run */
    Progress progress(PrintWriter err) {
        Duration interval = Duration.ofSeconds(5);
        String v = environment.get(PROGRESS_VARIABLE);
        if (v != null) {
            try {
                interval = Duration.ofMillis((long) (Double.parseDouble(v.strip()) * 1000));
            } catch (NumberFormatException e) {
                // keep the default: a bad value must not break a cleanup
            }
        }
        int columns = 80;
        try {
            columns = Integer.parseInt(environment.getOrDefault(COLUMNS_VARIABLE,
                    environment.getOrDefault("COLUMNS", "80")).strip());
        } catch (NumberFormatException e) {
            // keep 80
        }
        return new Progress(err, terminal, interval, cancellation, columns);
    }

    InputStream in() {
        return in;
    }

    Map<String, String> environment() {
        return environment;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required, for example: mockloop db status");
    }

    private static int onFailure(Exception e, CommandLine cl, ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        err.println("mockloop: " + oneLine(e));
        if (verbose(parseResult)) {
            e.printStackTrace(err);
        }
        err.flush();
        if (e instanceof io.mockloop.db.MigrationException.NewerSchema) {
            return EXIT_REFUSED;
        }
        return cl.getCommandSpec().exitCodeOnExecutionException();
    }

    private static int onUsageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("mockloop: " + oneLine(e) + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static boolean verbose(ParseResult parseResult) {
        ParseResult leaf = parseResult;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        return leaf.hasMatchedOption("--verbose");
    }

    /** @return the exception's message on one line (its class name when it has none) */
    static String oneLine(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** {@code mockloop --version}: the library version and the schema version it carries. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "mockloop-db " + libraryVersion(),
                "schema version " + MockLoopDb.latestSchemaVersion()
            };
        }

        static String libraryVersion() {
            try (InputStream v = MockLoopCli.class.getResourceAsStream("version.properties")) {
                if (v == null) {
                    return "unknown";
                }
                Properties p = new Properties();
                p.load(v);
                return p.getProperty("version", "unknown");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
