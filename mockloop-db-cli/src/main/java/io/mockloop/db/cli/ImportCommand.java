package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.ImportReport;
import io.mockloop.db.log.LogFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What the import commands share: {@code --server-id}, {@code --json}, the progress line counted from the server's
 * stored logs, the report (human or JSON) and the exit code of an interrupted import. Subclasses name the file
 * option, what they import and how.
 */
abstract class ImportCommand extends DbSubcommand {

    @Option(names = "--server-id", paramLabel = "ID", required = true,
            description = "The server id given to every imported log.")
    String serverId;

    @Mixin
    JsonOption output;

    /** @return the file to import, as given */
    abstract Path from();

    /** @return what one unit read is called in messages ("request logs", "HAR entries") */
    abstract String units();

    /** @return how many units the file holds, for the progress bar, or -1 when unknown */
    long expected(Path file) {
        return -1;
    }

    /** Runs the import of {@code file}. */
    abstract ImportReport importFile(MockLoopDb db, Path file);

    @Override
    void validateArguments() {
        if (serverId.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--server-id must not be blank");
        }
    }

    @Override
    int run(MockLoopDb db) {
        Path file = from().toAbsolutePath();
        LogFilter mine = LogFilter.builder().server(serverId).build();
        long before = db.requestLogs().count(mine);
        ImportReport r = progress().run("import", Progress.Unit.of("request logs"), expected(file),
                () -> db.requestLogs().count(mine) - before, () -> importFile(db, file));
        boolean interrupted = r.interrupted() || cancellation().requested();
        if (output.json) {
            Map<String, Object> reasons = new LinkedHashMap<>();
            r.skipReasons().forEach((reason, n) -> reasons.put(reason.name(), n));
            printJson(obj("database", describe(db), "file", file.toString(), "serverId", serverId, "read", r.read(),
                    "imported", r.imported(), "alreadyPresent", r.alreadyPresent(), "skipped", r.skipped(),
                    "skippedReasons", reasons, "stampedFromCreatedAt", r.stampedFromCreatedAt(),
                    "interrupted", interrupted));
        } else {
            out().printf("imported %s of %s %s from %s as server '%s'%s%n", Units.count(r.imported()),
                    Units.count(r.read()), units(), file, serverId, details(r));
        }
        if (interrupted) {
            err().println("mockloop: import interrupted after " + Units.count(r.imported())
                    + " request logs (whole batches of 1,000, each committed); run it again: it imports only the "
                    + units() + " not imported yet");
            return MockLoopCli.EXIT_FAILED;
        }
        return MockLoopCli.EXIT_OK;
    }

    /**
     * @return what the first line adds when not every unit read was imported as it was: already present, skipped
     *         per reason, stamped from created_at; "" when there is nothing to add
     */
    static String details(ImportReport r) {
        List<String> parts = new ArrayList<>();
        if (r.alreadyPresent() > 0) {
            parts.add(Units.count(r.alreadyPresent()) + " already present from an earlier import"
                    + (r.imported() == 0 && r.skipped() == 0 ? ": nothing new to import" : ""));
        }
        if (r.skipped() > 0) {
            List<String> why = new ArrayList<>();
            r.skipReasons().forEach((reason, n) -> why.add(Units.count(n) + " because " + reason.description()));
            parts.add(Units.count(r.skipped()) + " skipped: " + String.join(", ", why));
        }
        if (r.stampedFromCreatedAt() > 0) {
            parts.add(Units.count(r.stampedFromCreatedAt()) + " had no readable timestamp and got upstream's created_at");
        }
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }
}
