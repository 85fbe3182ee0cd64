package io.mockloop.db.migration;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change set of the schema.
 *
 * @param version the schema version it belongs to
 * @param id its id, for example {@code "v1-01-request-logs"}
 * @param author its author
 * @param file the changelog file it is declared in
 * @param description Liquibase's summary of what it does, for example {@code "createTable tableName=..."}
 * @param appliedAt when it was applied; empty when it is pending
 */
public record ChangeSetInfo(int version, String id, String author, String file, String description,
                            Optional<Instant> appliedAt) {

    /** Compact constructor: checks for nulls. */
    public ChangeSetInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(appliedAt, "appliedAt");
        author = author == null ? "" : author;
        file = file == null ? "" : file;
        description = description == null ? "" : description;
    }
}
