package io.mockloop.db.cli;

import io.mockloop.db.migration.ValidationReport;
import picocli.CommandLine.Command;

/**
 * {@code mockloop db validate}: exit 1 when anything is found. JSON: {@code database}, {@code currentVersion},
 * {@code latestVersion}, {@code valid}, {@code checksumDrift}, {@code schemaDifferences} and {@code pending} (lists of
 * strings).
 */
@Command(name = "validate",
        description = "Check the applied change sets for checksum drift and the live schema against the model;"
                + " exit 1 when anything is found or migrations are pending, 3 when the database was migrated by a"
                + " newer mockloop-db.")
final class ValidateCommand extends MigrationSubcommand {

    @Override
    int run(Target target) {
        ValidationReport report = target.migrations().validate();
        int findings = report.checksumDrift().size() + report.schemaDifferences().size() + report.pending().size();
        if (output.json) {
            printJson(obj("database", target.description(), "currentVersion", report.currentVersion(),
                    "latestVersion", report.latestVersion(), "valid", report.valid(), "checksumDrift",
                    report.checksumDrift(), "schemaDifferences", report.schemaDifferences(), "pending",
                    report.pending()));
        } else {
            out().println("database: " + target.description());
            out().println("version: " + report.currentVersion() + " of " + report.latestVersion());
            report.checksumDrift().forEach(d -> out().println("checksum drift: " + d));
            report.schemaDifferences().forEach(d -> out().println("schema difference: " + d));
            report.pending().forEach(p -> out().println("pending: " + p));
            if (report.valid()) {
                out().println("valid");
            }
        }
        if (report.valid()) {
            return MockLoopCli.EXIT_OK;
        }
        err().println("mockloop: " + target.description() + " is not valid (" + findings + " findings)");
        return MockLoopCli.EXIT_FAILED;
    }
}
