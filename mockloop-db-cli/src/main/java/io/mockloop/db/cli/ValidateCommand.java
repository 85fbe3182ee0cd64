package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.migration.ValidationReport;
import picocli.CommandLine.Command;

/** {@code mockloop db validate}: exit 1 when anything is found. */
@Command(name = "validate",
        description = "Check the applied change sets for checksum drift and the live schema against the model;"
                + " exit 1 when anything is found or migrations are pending.")
final class ValidateCommand extends DbSubcommand {

    @Override
    int run(MockLoopDb db) {
        ValidationReport report = db.migrations().validate();
        out().println("database: " + describe(db));
        out().println("version: " + report.currentVersion() + " of " + report.latestVersion());
        report.checksumDrift().forEach(d -> out().println("checksum drift: " + d));
        report.schemaDifferences().forEach(d -> out().println("schema difference: " + d));
        report.pending().forEach(p -> out().println("pending: " + p));
        if (report.valid()) {
            out().println("valid");
            return 0;
        }
        int findings = report.checksumDrift().size() + report.schemaDifferences().size() + report.pending().size();
        err().println("mockloop: " + describe(db) + " is not valid (" + findings + " findings)");
        return 1;
    }
}
