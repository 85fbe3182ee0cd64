package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.log.ImportReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
final class ImportHarCommand extends ImportCommand {

    @Option(names = "--from", paramLabel = "FILE", required = true, description = "The HAR file.")
    Path from;

    @Override
    Path from() {
        return from;
    }

    @Override
    String units() {
        return "HAR entries";
    }

    @Override
    ImportReport importFile(MockLoopDb db, Path file) {
        return db.requestLogs().importHar(file, serverId);
    }
}
