package io.mockloop.db.migration;

import java.util.List;
import java.util.TreeSet;

/**
 * The schema's migration state as data.
 *
 * @param currentVersion the highest version whose change sets are all applied (0 for a fresh database)
 * @param latestVersion the newest version the library carries
 * @param applied the applied change sets, oldest first
 * @param pending the change sets still to apply, in the order they will run
 */
public record MigrationStatus(int currentVersion, int latestVersion, List<ChangeSetInfo> applied,
                              List<ChangeSetInfo> pending) {

    /** Compact constructor: copies the lists. */
    public MigrationStatus {
        applied = List.copyOf(applied);
        pending = List.copyOf(pending);
    }

    /** @return whether nothing is pending */
    public boolean upToDate() {
        return pending.isEmpty();
    }

    /** @return the versions that have pending change sets, ascending; empty when up to date */
    public List<Integer> pendingVersions() {
        TreeSet<Integer> versions = new TreeSet<>();
        pending.forEach(c -> versions.add(c.version()));
        return List.copyOf(versions);
    }
}
