package io.mockloop.db.junit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A build step of this module, not API: migrates the test template into the module's classes (argument: the
 * directory, {@code target/classes/io/mockloop/db/junit}), named as {@link SqliteTemplate} looks it up on the class
 * path, so that the first test JVM on a machine copies it instead of running the migrations (a few milliseconds
 * instead of about two seconds of Liquibase). Run by the exec plugin in {@code process-classes}; removes the bundled
 * templates of other changelogs it finds there.
 */
final class BundledTemplate {

    private BundledTemplate() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        String name = SqliteTemplate.fileName().orElseThrow(
                () -> new IllegalStateException("the changelogs are not on the class path"));
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "template-v*.db*")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
        Path fresh = dir.resolve(name + ".tmp");
        SqliteTemplate.migrate(fresh);
        Files.move(fresh, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        if (!SqliteTemplate.isLatest(dir.resolve(name))) {
            throw new IllegalStateException("the bundled template " + dir.resolve(name) + " is not up to date");
        }
    }
}
