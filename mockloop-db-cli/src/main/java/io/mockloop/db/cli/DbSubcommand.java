package io.mockloop.db.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.MockLoopDbException;
import java.util.LinkedHashMap;
import java.util.Map;
import io.mockloop.db.internal.JdbcUrls;
import io.mockloop.db.migration.ChangeSetInfo;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every {@code mockloop db} subcommand shares: the connection options, opening and closing the database. */
abstract class DbSubcommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    ConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        connection.applyVerbosity();
        validateArguments();
        MockLoopDb opened;
        try {
            opened = connection.open();
        } catch (MockLoopDbException e) {
            return onOpenFailure(e);
        }
        try (MockLoopDb db = opened) {
            return run(db);
        }
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

    /** @return the exit code */
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
            out().println(JSON.writeValueAsString(value));
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
        String url = db.settings().url();
        return (url == null ? "<DataSource>" : JdbcUrls.mask(url)) + " (" + db.databaseType() + ")";
    }

    static String line(ChangeSetInfo c) {
        return "  v" + c.version() + "  " + c.id() + (c.description().isEmpty() ? "" : "  " + c.description());
    }
}
