package io.mockloop.db.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A small tmpfs mounted on a directory for one test (a disk that can fill up or turn read-only), or, where this
 * process may not mount (it needs root or CAP_SYS_ADMIN), just the directory: check {@link #mounted()} and say
 * {@link #problem()} when skipping. {@link #close()} unmounts it; the directory itself stays for its owner to delete.
 *
 * <p>Not thread-safe: one test drives one mount.
 */
public final class Tmpfs implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Path output;
    private final String problem;

    private Tmpfs(Path dir, Path output, String problem) {
        this.dir = dir;
        this.output = output;
        this.problem = problem;
    }

    /**
     * Writes {@code filler.bin} in {@code dir} until its file system is full.
     *
     * @param dir a directory on a small file system (a mounted {@link Tmpfs})
     * @return the filler file; delete it to give the space back
     * @throws IOException when writing fails for another reason than a full disk
     */
    public static Path fill(Path dir) throws IOException {
        Path filler = dir.resolve("filler.bin");
        byte[] chunk = new byte[64 * 1024];
        try (java.io.OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        return filler;
    }

    /**
     * Skips the test with {@code reason} on a developer's machine; under {@code CI=true} (where root and tmpfs are
     * known to work) fails instead.
     *
     * @param condition what the test needs
     * @param reason why it is missing
     */
    public static void requireOrSkip(boolean condition, java.util.function.Supplier<String> reason) {
        if (!condition && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(reason.get() + " (CI=true: this case must run)");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(condition, reason);
    }

    /**
     * Creates {@code dir} and tries to mount a tmpfs of {@code size} on it.
     *
     * @param dir the mount point (created when missing); an empty directory the test owns
     * @param size the size in mount(8) syntax, e.g. {@code "4m"}
     * @return the mount, or the plain directory when mounting was refused (see {@link #problem()})
     */
    public static Tmpfs mount(Path dir, String size) {
        try {
            Files.createDirectories(dir);
            Path output = Files.createTempFile("mockloop-tmpfs-", ".log");
            String problem = Commands.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700",
                    "tmpfs", dir.toString()), TIMEOUT, output);
            return new Tmpfs(dir, output, problem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the directory (the mount point) */
    public Path dir() {
        return dir;
    }

    /** @return whether the tmpfs is mounted */
    public boolean mounted() {
        return problem == null;
    }

    /** @return why mounting failed; {@code null} when mounted */
    public String problem() {
        return problem;
    }

    /**
     * Remounts read-only or read-write. Read-only fails while files on it are open for writing.
     *
     * @param mode {@code "ro"} or {@code "rw"}
     * @return whether it worked
     */
    public boolean remount(String mode) {
        return mounted() && Commands.run(List.of("mount", "-o", "remount," + mode, dir.toString()), TIMEOUT,
                output) == null;
    }

    /** Unmounts (lazily when busy). Idempotent. */
    @Override
    public void close() {
        if (mounted() && Files.exists(output)) {
            String failure = Commands.run(List.of("umount", dir.toString()), TIMEOUT, output);
            if (failure != null && Commands.run(List.of("umount", "-l", dir.toString()), TIMEOUT, output) != null) {
                System.err.println("could not unmount " + dir + ": " + failure);
            }
        }
        try {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            System.err.println("could not delete " + output + ": " + e.getMessage());
        }
    }
}
