package io.mockloop.db.migration;

import java.util.List;

/**
 * What {@link Migrations#validate()} found.
 *
 * @param currentVersion the schema version of the database
 * @param latestVersion the newest version the library carries
 * @param checksumDrift one line per applied change set whose text changed since it was applied
 * @param schemaDifferences one line per table, column, index or view of the model that the live schema lacks
 *                          (or has differently); only checked when the schema is up to date
 * @param pending the ids of the change sets not yet applied
 */
public record ValidationReport(int currentVersion, int latestVersion, List<String> checksumDrift,
                               List<String> schemaDifferences, List<String> pending) {

    /** Compact constructor: copies the lists. */
    public ValidationReport {
        checksumDrift = List.copyOf(checksumDrift);
        schemaDifferences = List.copyOf(schemaDifferences);
        pending = List.copyOf(pending);
    }

    /** @return whether nothing drifted, the live schema matches the model and nothing is pending */
    public boolean valid() {
        return checksumDrift.isEmpty() && schemaDifferences.isEmpty() && pending.isEmpty();
    }
}
