package io.mockloop.db.log;

import io.mockloop.db.ValidationException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link RequestLogStore#importUpstream(java.nio.file.Path, String)} or
 * {@link RequestLogStore#importHar(java.nio.file.Path, String)} did. Every row (HAR: entry) read is counted exactly
 * once: {@code read == imported + alreadyPresent + skipped()}.
 *
 * <p>An import is idempotent: a row is recognised by a key derived from the upstream row (its id and the columns
 * upstream writes once: timestamp, created_at, method, path, status, client, correlation id) or from the HAR entry
 * (its content, see {@code importHar}), recorded per server with the request log it produced. Importing the same file again (or a copy of it) into the same server imports
 * nothing and counts every row as {@link #alreadyPresent()}; a file that grew imports only its new rows. A row
 * whose request log was deleted since (retention, cleanup) is imported again.
 *
 * <p>Immutable and thread-safe.
 *
 * @param read rows read from the upstream file
 * @param imported rows written to request_logs
 * @param alreadyPresent rows not written because an earlier import into the same server wrote them and they are
 *                       still stored
 * @param skipReasons rows not written for a reason of their own, per reason (reasons without rows are absent);
 *                    unmodifiable, in the order of {@link SkipReason}
 * @param stampedFromCreatedAt imported rows whose {@code timestamp} was missing or unreadable and that got
 *                             upstream's {@code created_at} (the time upstream stored the row) instead
 * @param interrupted whether the import stopped early because its thread was interrupted; the batches written
 *                    before stay (each is its own transaction), the rest was not read
 */
public record ImportReport(long read, long imported, long alreadyPresent, Map<SkipReason, Long> skipReasons,
                           long stampedFromCreatedAt, boolean interrupted) {

    /** Why an upstream row or a HAR entry was not imported. */
    public enum SkipReason {
        /**
         * Upstream: neither {@code timestamp} nor {@code created_at} holds a readable date-time; HAR: the entry's
         * {@code startedDateTime} is missing or not an ISO 8601 date-time (never the import time).
         */
        NO_TIMESTAMP("it has no readable date-time (upstream: timestamp or created_at; HAR: startedDateTime)"),
        /** The row breaks a rule of {@link RequestLogStore#append(RequestLog)} (method, path, status, sizes). */
        BREAKS_WRITE_RULE("it breaks a write rule (method, path, status or size)"),
        /** The store's {@link LogPolicy} excludes the row's path or method. */
        EXCLUDED_BY_POLICY("the log policy excludes its path or method"),
        /**
         * HAR only: the entry is not an object with a {@code request} holding a method and an http(s) or ws(s) URL
         * (or a path; not data:, blob:, about: and the like), and a {@code response} holding a numeric status.
         */
        MALFORMED_ENTRY("it is not a HAR entry with a request method, an http(s) or ws(s) URL and a response status");

        private final String description;

        SkipReason(String description) {
            this.description = description;
        }

        /** @return the reason as a sentence fragment ("it breaks a write rule ...") */
        public String description() {
            return description;
        }
    }

    /**
     * Checks the counts and copies the reasons.
     *
     * @throws NullPointerException when {@code skipReasons} is {@code null}
     * @throws ValidationException when a count is negative, a reason counts no rows, or the counts do not add up
     *         to {@code read}
     */
    public ImportReport {
        Objects.requireNonNull(skipReasons, "skipReasons");
        skipReasons = skipReasons.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(skipReasons));
        long skipped = 0;
        for (Map.Entry<SkipReason, Long> e : skipReasons.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || e.getValue() < 1) {
                throw new ValidationException("skipReasons", "must count at least one row per reason", skipReasons);
            }
            skipped += e.getValue();
        }
        if (read < 0 || imported < 0 || alreadyPresent < 0 || stampedFromCreatedAt < 0
                || stampedFromCreatedAt > imported) {
            throw new ValidationException("counts", "must be >= 0 (stampedFromCreatedAt <= imported)",
                    read + "/" + imported + "/" + alreadyPresent + "/" + stampedFromCreatedAt);
        }
        if (read != imported + alreadyPresent + skipped) {
            throw new ValidationException("read", "must equal imported + alreadyPresent + skipped ("
                    + imported + " + " + alreadyPresent + " + " + skipped + ")", read);
        }
    }

    /** @return rows not written for a reason of their own: the sum of {@link #skipReasons()} */
    public long skipped() {
        return skipReasons.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * @param reason a reason
     * @return the rows skipped for it, 0 when none
     * @throws NullPointerException when {@code reason} is {@code null}
     */
    public long skipped(SkipReason reason) {
        return skipReasons.getOrDefault(Objects.requireNonNull(reason, "reason"), 0L);
    }
}
