package io.mockloop.db.log;

/**
 * What {@link RequestLogStore#importUpstream(java.nio.file.Path, String)} did.
 *
 * <p>Immutable and thread-safe.
 *
 * @param read rows read from the upstream file
 * @param imported rows written to request_logs
 * @param skipped rows not imported because they broke a rule of {@link RequestLogStore#append(RequestLog)}
 * @param interrupted whether the import stopped early because its thread was interrupted; the batches written
 *                    before stay (each is its own transaction), the rest was not read
 */
public record ImportReport(long read, long imported, long skipped, boolean interrupted) {

    /**
     * A report of an import that ran to the end.
     *
     * @param read rows read
     * @param imported rows written
     * @param skipped rows skipped
     */
    public ImportReport(long read, long imported, long skipped) {
        this(read, imported, skipped, false);
    }
}
