package io.mockloop.db.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs operating-system commands for the test kit ({@link PrivateServer}, {@link Tmpfs}). Stateless. */
final class Commands {

    private Commands() {
    }

    /**
     * Runs {@code command} in the directory of {@code output} and waits for it.
     *
     * @param command the program and its arguments
     * @param timeout the longest wait; the process is killed after it
     * @param output file the output is appended to
     * @return {@code null} when the command exited with 0, else what went wrong, with the end of its output
     */
    static String run(List<String> command, Duration timeout, Path output) {
        String line = String.join(" ", command);
        try {
            Process p = new ProcessBuilder(command).directory(output.toAbsolutePath().getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return line + " did not finish within " + timeout;
            }
            return p.exitValue() == 0 ? null : line + " failed with exit code " + p.exitValue() + "\n" + tail(output);
        } catch (IOException e) {
            return line + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return line + ": interrupted";
        }
    }

    /**
     * @param file a text file
     * @return its last 20 lines, or "" when it does not exist
     */
    static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }
}
