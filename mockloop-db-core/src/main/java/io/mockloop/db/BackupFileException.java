package io.mockloop.db;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A backup file could not be created, written or read by the file system (for example no permission or a full
 * disk) while {@code maintenance().backup(...)} or {@code restore(...)} ran; the message names the file and the
 * file system's error, which is kept as the cause. A file that is readable but not a usable backup is refused with
 * {@link ValidationException} instead.
 *
 * <p>Immutable and thread-safe.
 */
public class BackupFileException extends MockLoopDbException {

    private static final long serialVersionUID = 1L;

    private final String file;

    /**
     * @param file the backup file; not {@code null}
     * @param message what could not be done with it, naming the file
     * @param cause the file system's error, kept for diagnosis; may be {@code null}
     * @throws NullPointerException when {@code file} is {@code null}
     */
    public BackupFileException(Path file, String message, Throwable cause) {
        super(message, cause);
        this.file = Objects.requireNonNull(file, "file").toString();
    }

    /** @return the backup file, never {@code null} */
    public Path file() {
        return Path.of(file);
    }
}
