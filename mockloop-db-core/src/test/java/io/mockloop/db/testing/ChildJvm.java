package io.mockloop.db.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM process running a {@code main} class from the test class path, for tests that need real processes
 * (SIGKILL, several writers against one server). The child's standard output is read line by line on a daemon thread
 * so that the parent can see each line as it is printed ({@link #nextLine(Duration)}); standard error goes to a file.
 *
 * <p>Not thread-safe: one test drives one child. {@link #close()} kills the child if it is still running.
 */
public final class ChildJvm implements AutoCloseable {

    /** Marks the end of the child's output in {@link #nextLine(Duration)}. */
    public static final String EOF = "\u0000EOF";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path stderr;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(this::pump, "child-jvm-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code mainClass} in a new JVM with this JVM's class path, time zone and a small heap.
     *
     * @param mainClass the class whose {@code main} runs
     * @param stderr file that receives the child's standard error
     * @param args the program arguments
     * @return the running child
     * @throws UncheckedIOException when the process cannot be started
     */
    public static ChildJvm start(Class<?> mainClass, Path stderr, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Duser.timezone=" + System.getProperty("user.timezone", "UTC"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        pb.environment().remove("CI"); // the child never decides to skip or fail by itself
        try {
            return new ChildJvm(pb.start(), stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + mainClass.getName(), e);
        }
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // the process died; EOF below tells the reader
        } finally {
            lines.add(EOF);
        }
    }

    /**
     * Waits for the next line the child printed.
     *
     * @param timeout how long to wait
     * @return the line, {@link #EOF} once the output has ended, or {@code null} when the timeout passed first
     * @throws InterruptedException when interrupted while waiting
     */
    public String nextLine(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (EOF.equals(line)) {
            lines.add(EOF); // stays at the end for later calls
        }
        return line;
    }

    /**
     * Lines printed so far and not yet taken, without waiting.
     *
     * @return the lines, in order; never contains {@link #EOF}
     */
    public List<String> drain() {
        List<String> out = new ArrayList<>();
        lines.drainTo(out);
        if (out.remove(EOF)) {
            lines.add(EOF);
        }
        return out;
    }

    /**
     * Kills the child with SIGKILL (no shutdown hooks run) and waits for it to be gone.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Waits for the child to end by itself.
     *
     * @param timeout how long to wait
     * @return the exit code
     * @throws IllegalStateException when the child is still running after the timeout (it is then killed)
     * @throws InterruptedException when interrupted while waiting
     */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("child " + process.pid() + " still running after " + timeout + "; see " + stderr);
        }
        return process.exitValue();
    }

    /** @return the child's process id */
    public long pid() {
        return process.pid();
    }

    /** @return whether the child is still running */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the file receiving the child's standard error */
    public Path stderr() {
        return stderr;
    }

    /** Kills the child if it is still running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
