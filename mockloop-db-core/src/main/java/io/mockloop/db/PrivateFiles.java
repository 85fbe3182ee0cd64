package io.mockloop.db;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;

/**
 * Files the library creates hold password, API-key and session hashes and webhook secrets: they are created
 * owner-only (0600), and the directories it creates 0700, whatever the process umask (the mode is set again after
 * creation, since the umask applies to the mode given at creation). Files and directories that already exist are
 * left as their owner made them. On a file system without POSIX permissions its defaults apply. Hosts use it for
 * what they write from the library's data (exports hold request bodies and headers), as the command line does.
 *
 * <p>A {@code null} path throws {@link NullPointerException} naming the parameter. Thread-safe (stateless).
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /**
     * Creates the missing directories of {@code dir}, each 0700.
     *
     * @param dir the directory; nothing happens when it exists
     * @throws IOException when one cannot be created
     */
    public static void createDirectories(Path dir) throws IOException {
        createMissing(Objects.requireNonNull(dir, "dir"));
    }

    private static void createMissing(Path dir) throws IOException {
        if (dir == null || Files.isDirectory(dir)) {
            return; // a root has no parent
        }
        createMissing(dir.toAbsolutePath().getParent());
        try {
            Files.createDirectory(dir, attribute(DIRECTORY));
            restrict(dir, DIRECTORY);
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // created meanwhile by another thread or process
        }
    }

    /**
     * Creates {@code file} empty and owner-only (with its missing directories, 0700), unless it exists. SQLite gives
     * the -wal, -shm and -journal files of a database the permissions of its main file.
     *
     * @param file the file
     * @return whether this call created it
     * @throws IOException when it cannot be created
     */
    public static boolean createFileIfAbsent(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (Files.exists(file)) {
            return false;
        }
        createMissing(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, attribute(FILE));
            restrict(file, FILE);
            return true;
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false; // created meanwhile: use it
        }
    }

    /**
     * Creates {@code file} empty and owner-only (with its missing directories, 0700); it must not exist.
     *
     * @param file the file
     * @throws FileAlreadyExistsException when it exists (a backup or export never overwrites a file)
     * @throws IOException when it cannot be created
     */
    public static void createNewFile(Path file) throws IOException {
        createMissing(Objects.requireNonNull(file, "file").toAbsolutePath().getParent());
        try {
            Files.createFile(file, attribute(FILE));
            restrict(file, FILE);
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions here
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
