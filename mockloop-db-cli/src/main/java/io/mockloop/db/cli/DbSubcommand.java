package io.mockloop.db.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mockloop.db.DatabaseType;
import io.mockloop.db.JdbcUrls;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.MockLoopDbException;
import io.mockloop.db.PrivateFiles;
import io.mockloop.db.migration.ChangeSetInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code mockloop db} subcommand shares: the connection options, opening and closing the database.
 *
 * <p>Read-only means read-only: only a command whose {@link #createsDatabase()} is true creates a SQLite file (and its
 * directory); every other one exits 1 with "no database at PATH" before opening anything. A database migrated by a
 * newer mockloop-db is refused (exit 3) before the command touches it, unless {@link #readsNewerSchema()}.
 */
abstract class DbSubcommand implements Callable<Integer> {

    /** Loaded on the first JSON output only: Jackson is a few hundred classes a plain {@code db status} never needs. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        connection.applyVerbosity();
        connection.validate();
        validateArguments();
        ConnectionOptions.Resolved resolved = connection.resolve();
        if (connection.verbose) {
            connection.printSources(resolved, err());
        }
        Optional<Path> file = resolved.sqliteFile();
        if (file.isPresent()) {
            if (createsDatabase()) {
                try {
                    PrivateFiles.createFileIfAbsent(file.get()); // 0600, its directories 0700
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create the database file " + file.get() + ": "
                            + e.getMessage(), e);
                }
            } else if (!Files.isRegularFile(file.get())) {
                err().println("mockloop: no database at " + file.get() + (Files.isDirectory(file.get())
                        ? " (it is a directory)" : "; create one with 'mockloop db migrate'"));
                return MockLoopCli.EXIT_FAILED;
            }
        }
        return execute(resolved);
    }

    /**
     * Opens the database (a {@link MockLoopDb}), refuses a newer schema and runs {@link #run(MockLoopDb)}; the
     * migration commands open only what migrations need.
     *
     * @param resolved the settings
     * @return the exit code
     */
    int execute(ConnectionOptions.Resolved resolved) {
        MockLoopDb opened;
        try {
            opened = resolved.builder().build();
        } catch (MockLoopDbException e) {
            return onOpenFailure(e);
        }
        try (MockLoopDb db = opened) {
            if (!readsNewerSchema()) {
                db.migrations().refuseNewerSchema();
            }
            return run(db);
        }
    }

    /** @return whether the command may create the database (migrate, restore); the others never create a file */
    boolean createsDatabase() {
        return false;
    }

    /** @return whether the command works on a database migrated by a newer mockloop-db (history) */
    boolean readsNewerSchema() {
        return false;
    }

    /**
     * @param e why the database could not be opened
     * @return the exit code; by default rethrows (one line on stderr, exit 1)
     */
    int onOpenFailure(MockLoopDbException e) {
        throw e;
    }

    /** Checks the arguments before anything is opened; throws {@code ParameterException} (exit 2). */
    void validateArguments() {
    }

    /**
     * @param db the open database (closed by the caller)
     * @return the exit code
     */
    abstract int run(MockLoopDb db);

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    Progress progress() {
        return connection.root().progress(err());
    }

    Cancellation cancellation() {
        return connection.root().cancellation();
    }

    /** Prints {@code value} as indented JSON on stdout. */
    void printJson(Object value) {
        try {
            out().println(Json.MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
        out().flush();
    }

    /**
     * Asks {@code question} on stderr and reads one line of the caller's stdin (never called under {@code --yes}).
     *
     * @param question what is about to happen
     * @param operation the operation's name, for the refusal lines ("restore", "rollback")
     * @param verb how to say doing it without asking ("restore", "roll back")
     * @return whether the answer was yes (or y); end of input and any other answer refuse, with a line on stderr
     */
    boolean confirm(String question, String operation, String verb) {
        err().print(question + " Type 'yes' to continue: ");
        err().flush();
        String answer;
        try {
            // not closed: it wraps the caller's stdin
            answer = new java.io.BufferedReader(new java.io.InputStreamReader(connection.root().in(),
                    java.nio.charset.Charset.defaultCharset())).readLine();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the confirmation from stdin", e);
        }
        if (answer == null) {
            err().println();
            err().println("mockloop: " + operation + " needs a confirmation and stdin gave none; pass --yes to " + verb
                    + " without asking");
            return false;
        }
        String a = answer.strip().toLowerCase(java.util.Locale.ROOT);
        if (a.equals("yes") || a.equals("y")) {
            return true;
        }
        err().println("mockloop: " + operation + " cancelled (answer was '" + answer.strip() + "')");
        return false;
    }

    /** @return an insertion-ordered map of the key/value pairs (for JSON output) */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static String describe(MockLoopDb db) {
        return describe(db.settings().url().orElse(null), db.databaseType());
    }

    static String describe(String url, DatabaseType type) {
        return (url == null ? "<DataSource>" : JdbcUrls.mask(url)) + " (" + type + ")";
    }

    /** @return a change set for JSON output */
    static Map<String, Object> json(ChangeSetInfo c) {
        return obj("version", c.version(), "id", c.id(), "author", c.author(), "file", c.file(), "description",
                c.description(), "appliedAt", c.appliedAt().map(Object::toString).orElse(null));
    }

    static String line(ChangeSetInfo c) {
        return "  v" + c.version() + "  " + c.id() + (c.description().isEmpty() ? "" : "  " + c.description());
    }
}
