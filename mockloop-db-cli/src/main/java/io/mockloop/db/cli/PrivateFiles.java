package io.mockloop.db.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files the command line creates hold password, API-key and session hashes and webhook secrets: they are created
 * owner-only (0600) and the directories it creates 0700, whatever the umask. Where the file system has no POSIX
 * permissions they are created with its defaults.
 */
final class PrivateFiles {

    private PrivateFiles() {
    }

    /**
     * Creates a new, empty file readable by its owner only.
     *
     * @param file the file, which must not exist
     * @throws FileAlreadyExistsException when it exists
     * @throws IOException when it cannot be created
     */
    static void newFile(Path file) throws IOException {
        createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, ownerOnly("rw-------"));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }

    /**
     * Before a command that creates a SQLite database opens it: creates its directory (0700) and an empty file (0600;
     * SQLite gives its -wal and -shm files the same permissions), unless it exists.
     *
     * @param file the database file
     */
    static void createDatabaseFile(Path file) {
        if (Files.exists(file)) {
            return;
        }
        try {
            newFile(file);
        } catch (FileAlreadyExistsException e) {
            // another process created it meanwhile: use it
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void createDirectories(Path dir) throws IOException {
        if (dir == null || Files.isDirectory(dir)) {
            return;
        }
        createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, ownerOnly("rwx------"));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // created meanwhile
        }
    }

    private static FileAttribute<?> ownerOnly(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }
}
