package io.mockloop.db.log;

/**
 * What {@link RequestLogStore#importUpstream(java.nio.file.Path, String)} did.
 *
 * <p>Immutable and thread-safe.
 *
 * @param read rows read from the upstream file
 * @param imported rows written to request_logs
 * @param skipped rows not imported because they broke a rule of {@link RequestLogStore#append(RequestLog)}
 */
public record ImportReport(long read, long imported, long skipped) {
}
