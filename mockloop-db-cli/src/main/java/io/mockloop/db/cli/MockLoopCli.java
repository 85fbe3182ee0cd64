package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code mockloop} command line: {@code mockloop db migrate|status|rollback|validate|history}.
 *
 * <p>Exit codes: 0 on success, 1 when the operation fails (the database cannot be reached, a migration fails,
 * validation finds something, a rollback is not confirmed), 2 on a usage error. Errors are one line on stderr,
 * with the stack trace only under {@code --verbose}; stdout carries only the commands' data.
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
    }

    /**
     * Runs the command line and exits the JVM with its exit code.
     *
     * @param args the arguments, for example {@code db migrate --url jdbc:sqlite:x.db}
     */
    public static void main(String... args) {
        System.exit(commandLine(System.in, System.getenv()).execute(args));
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
        CommandLine cl = new CommandLine(new MockLoopCli(in, environment));
        cl.setExecutionExceptionHandler(MockLoopCli::onFailure);
        cl.setParameterExceptionHandler(MockLoopCli::onUsageError);
        return cl;
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
