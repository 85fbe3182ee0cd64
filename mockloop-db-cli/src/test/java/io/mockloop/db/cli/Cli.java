package io.mockloop.db.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Runs the command line in-process with captured stdout/stderr. */
final class Cli {

    /** What one run printed and returned. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Cli() {
    }

    static Run run(String... args) {
        return run(new ByteArrayInputStream(new byte[0]), Map.of(), args);
    }

    static Run runWithStdin(String stdin, String... args) {
        return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), Map.of(), args);
    }

    static Run run(InputStream in, Map<String, String> env, String... args) {
        return run(in, env, false, args);
    }

    /** Runs with Ctrl-C already pressed: the chunked work stops at its first chunk boundary. */
    static Run runCancelled(String... args) {
        return run(new ByteArrayInputStream(new byte[0]), Map.of(), true, args);
    }

    private static Run run(InputStream in, Map<String, String> env, boolean cancelled, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = MockLoopCli.commandLine(in, env);
        if (cancelled) {
            ((MockLoopCli) cl.getCommand()).cancellation().request();
        }
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
