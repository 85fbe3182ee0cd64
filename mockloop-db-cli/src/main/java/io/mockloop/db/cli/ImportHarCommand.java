package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.ImportReport;
import io.mockloop.db.log.LogFilter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code mockloop db import-har --from FILE --server-id ID}. */
@Command(name = "import-har", description = {
    "Import the entries of a HAR 1.2 file (as saved by Chrome, Firefox or a proxy) as request logs of --server-id,"
        + " in batches of 1,000, one transaction each, with the log policy's redaction and caps. Entries without a"
        + " readable startedDateTime, without a request method, an http(s) URL or a status (data: URLs), or that break"
        + " a write rule (Chrome's status 0 for a blocked request) are skipped and counted per reason.",
    "Idempotent: entries an earlier import wrote into the same server (and that are still stored) are recognised"
        + " and counted as already present, so importing the same file again imports nothing and a file that grew"
        + " imports only its new entries.",
    "Exit 1 when the file is missing or is not a JSON object with log.entries (nothing is imported)."})
final class ImportHarCommand extends DbSubcommand {

    @Option(names = "--from", paramLabel = "FILE", required = true, description = "The HAR file.")
    Path from;

    @Option(names = "--server-id", paramLabel = "ID", required = true,
            description = "The server id given to every imported log.")
    String serverId;

    @Mixin
    JsonOption output;

    @Override
    void validateArguments() {
        if (serverId.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--server-id must not be blank");
        }
    }

    @Override
    int run(MockLoopDb db) {
        Path file = from.toAbsolutePath();
        LogFilter mine = LogFilter.builder().server(serverId).build();
        long before = db.requestLogs().count(mine);
        ImportReport r = progress().run("import", Progress.Unit.of("request logs"), -1,
                () -> db.requestLogs().count(mine) - before,
                () -> db.requestLogs().importHar(file, serverId));
        boolean interrupted = r.interrupted() || cancellation().requested();
        if (output.json) {
            Map<String, Object> reasons = new LinkedHashMap<>();
            r.skipReasons().forEach((reason, n) -> reasons.put(reason.name(), n));
            printJson(obj("database", describe(db), "file", file.toString(), "serverId", serverId, "read", r.read(),
                    "imported", r.imported(), "alreadyPresent", r.alreadyPresent(), "skipped", r.skipped(),
                    "skippedReasons", reasons, "interrupted", interrupted));
        } else {
            out().printf("imported %s of %s HAR entries from %s as server '%s'%s%n", Units.count(r.imported()),
                    Units.count(r.read()), file, serverId, ImportUpstreamCommand.details(r));
        }
        if (interrupted) {
            err().println("mockloop: import interrupted after " + Units.count(r.imported())
                    + " request logs (whole batches of 1,000, each committed); run it again: it imports only the"
                    + " entries not imported yet");
            return MockLoopCli.EXIT_FAILED;
        }
        return MockLoopCli.EXIT_OK;
    }
}
