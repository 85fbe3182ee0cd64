package io.mockloop.db.log;

import io.mockloop.db.NotFoundException;
import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.ValidationException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The request journal (table request_logs): ingest, queries with keyset pages, statistics, export, an HTML traffic
 * report, retention and import of upstream MockLoop databases and HAR files.
 *
 * <p>Write rules, checked before anything is written (a refused call writes nothing): method an HTTP token
 * (RFC 9110 {@code tchar}s) of 1 to 10 characters; status 100 to 599; response time not negative; timestamp, when
 * given, in the years 0001 to 9999 (UTC); path not blank, without {@code '?'}; server id, request id and scenario name at most 255 characters, client IP at most 45. Each
 * breach throws {@link ValidationException} naming the field (in {@link #appendAll(List)} as {@code logs[i].field})
 * and the value. Every write applies this store's {@link LogPolicy} first ({@link LogPolicy#DEFAULTS} for
 * {@code db.requestLogs()}, see {@link #withPolicy(LogPolicy)}); excluded logs are silently skipped. On MySQL and
 * MariaDB, whose TEXT columns hold 65,535 bytes, bodies are also cut at 21,000 characters with the policy's
 * truncation marker; other TEXT values (path, headers, user agent) that do not fit make the write fail with
 * {@link StoreUnavailableException}.
 *
 * <p>Every call runs in its own transaction, or in the caller's inside {@code db.inTransaction(...)}. Database
 * failures throw {@link StoreUnavailableException}. Every object argument is required: {@code null} throws
 * {@link NullPointerException} naming the parameter, before anything is read or written (where a criterion is
 * optional, an overload without it means "all"). Thread-safe.
 */
public interface RequestLogStore {

    /**
     * @param policy the write-time policy to apply
     * @return a view of this store that applies {@code policy} on every write (this store is unchanged)
     */
    RequestLogStore withPolicy(LogPolicy policy);

    /** @return the write-time policy this store applies */
    LogPolicy policy();

    /**
     * Stores one log.
     *
     * @param log the log ({@code id}, {@code createdAt}, {@code updatedAt} ignored; no timestamp means now)
     * @return the new row's id, or empty when the policy excluded the log (nothing was written)
     * @throws ValidationException when the log breaks a rule (see the class comment)
     */
    OptionalLong append(RequestLog log);

    /**
     * Stores many logs in one transaction (JDBC batches of 1,000 rows): all or nothing.
     *
     * @param logs the logs
     * @return how many rows were written (logs excluded by the policy are not counted)
     * @throws ValidationException when any log breaks a rule; nothing is written
     */
    int appendAll(List<RequestLog> logs);

    /**
     * Starts an asynchronous writer (its own thread). Closing the {@code MockLoopDb} closes it.
     *
     * @param settings its settings (the policy used is {@code settings.policy()})
     * @return the writer, owned by the caller (close it to stop it earlier)
     */
    LogWriter openWriter(WriterSettings settings);

    /**
     * @param id a row id
     * @return the log, or empty when there is no such row
     */
    Optional<RequestLog> find(long id);

    /**
     * @param id a row id
     * @return the log
     * @throws NotFoundException when there is no such row
     */
    RequestLog get(long id);

    /**
     * The first keyset page: rows ordered by (timestamp, id) in the filter's direction. Walk on with
     * {@link #page(LogFilter, int, String)}.
     *
     * @param filter which rows
     * @param size most rows on the page (1 to 10,000)
     * @return the page; its cursor is empty when no more rows follow
     * @throws ValidationException when size is out of range
     */
    LogPage page(LogFilter filter, int size);

    /**
     * The keyset page after {@code cursor}: rows ordered by (timestamp, id) in the filter's direction. Rows appended
     * while pages are walked never make a row appear twice or be skipped.
     *
     * @param filter which rows (the filter the previous page was read with)
     * @param size most rows on the page (1 to 10,000)
     * @param cursor the {@link LogPage#nextCursor()} of the previous page
     * @return the page; its cursor is empty when no more rows follow
     * @throws ValidationException when size is out of range or the cursor is not one this store made (or names an
     *                             instant outside the years 0001 to 9999), naming {@code cursor}
     */
    LogPage page(LogFilter filter, int size, String cursor);

    /**
     * @param filter which rows
     * @return how many rows match (same criteria as {@link #page})
     */
    long count(LogFilter filter);

    /**
     * @param filter which rows
     * @param limit most rows
     * @return up to {@code limit} matching rows in the filter's order; empty when none
     */
    List<RequestLog> list(LogFilter filter, int limit);

    /**
     * Streams every matching row, read in keyset chunks of 500 (no connection is held between chunks, memory
     * stays flat). Outside a transaction, rows committed while streaming may or may not appear; none appears twice.
     *
     * @param filter which rows
     * @return a lazy, sequential stream; closing it is optional
     */
    Stream<RequestLog> stream(LogFilter filter);

    /**
     * @return rows of the view request_logs_summary for every server, ordered by server, date, method; empty when
     *         there are no logs
     */
    List<DailySummary> summary();

    /**
     * @param serverId only this server
     * @return rows of the view request_logs_summary for that server, ordered by date, method; empty when it has no
     *         logs
     * @throws ValidationException when the server id holds a NUL character or an unpaired surrogate
     */
    List<DailySummary> summary(String serverId);

    /**
     * Per endpoint (method + path) count, error rate and response-time figures (see {@link EndpointStats} for the
     * percentile definition), identical on every database. Reads (method, path, status, time) of the matching rows.
     *
     * @param filter which rows (its order is ignored)
     * @return one entry per endpoint ordered by method then path; empty when nothing matched
     */
    List<EndpointStats> endpointStats(LogFilter filter);

    /**
     * Requests per time bucket, for charts; only buckets with requests are returned.
     *
     * @param filter which rows (its order is ignored)
     * @param bucket the bucket width (at least 1 second, at most {@link Long#MAX_VALUE} milliseconds)
     * @return buckets ordered by start; empty when nothing matched
     * @throws ValidationException when the width is below 1 second or above {@link Long#MAX_VALUE} ms
     */
    List<TimeBucket> timeBuckets(LogFilter filter, Duration bucket);

    /**
     * The requests no mock matched (logs marked {@link RequestLog#unmatched()}) among the filter's rows, grouped by
     * server, method and path shape (numeric and UUID segments collapsed, see {@link UnmatchedRequest}), with their
     * count, first and last timestamp, sample paths and the server's nearest mocks (as
     * {@link io.mockloop.db.scenario.MockResponseStore#explain} finds them now). Reads (server, method, path,
     * timestamp) of the marked rows through an index on (unmatched, server_id, timestamp); the grouping is done in
     * Java, so it is the same on every database.
     *
     * @param filter which rows, for example {@code LogFilter.builder().serverId("petstore").from(since).build()}
     *               (its order is ignored)
     * @param limit most groups returned (1 to 1,000)
     * @return the groups, the most requested first (ties: the most recently seen first, then method and shape);
     *         empty when no unmatched request was logged
     * @throws ValidationException when limit is out of range
     */
    List<UnmatchedRequest> listUnmatched(LogFilter filter, int limit);

    /**
     * Writes every matching row to {@code out} (UTF-8), read in keyset chunks: memory stays flat. Does not close
     * {@code out}.
     *
     * @param filter which rows, in its order
     * @param format the format
     * @param out where to write
     * @return how many logs were written
     * @throws java.io.UncheckedIOException when writing to {@code out} fails
     */
    long export(LogFilter filter, ExportFormat format, OutputStream out);

    /**
     * Deletes every server's logs older than {@code olderThan} in chunks of {@value #RETENTION_CHUNK} rows, one
     * transaction per chunk, so concurrent appends wait at most one chunk; on a partitioned request_logs
     * (PostgreSQL) whole expired monthly partitions are dropped. Stops at a chunk boundary when the thread is
     * interrupted.
     *
     * @param olderThan rows with a timestamp before this instant are deleted
     * @return deleted and remaining counts
     * @throws ValidationException when {@code olderThan} is outside the years 0001 to 9999
     */
    RetentionResult cleanup(Instant olderThan);

    /**
     * Deletes one server's logs older than {@code olderThan}, in chunks like {@link #cleanup(Instant)} (no
     * partition is dropped: other servers' rows share them).
     *
     * @param olderThan rows with a timestamp before this instant are deleted
     * @param serverId only this server's rows
     * @return deleted and remaining counts (remaining: all servers)
     * @throws ValidationException when {@code olderThan} is outside the years 0001 to 9999
     */
    RetentionResult cleanup(Instant olderThan, String serverId);

    /**
     * Deletes the oldest rows (by id) until at most {@code maxEntries} remain, in chunks like {@link #cleanup}.
     *
     * @param maxEntries rows to keep (at least 0)
     * @return deleted and remaining counts
     * @throws ValidationException when maxEntries is negative
     */
    RetentionResult trimTo(long maxEntries);

    /**
     * Applies system_config: deletes rows older than {@code log_retention_days}, then trims to
     * {@code max_log_entries}.
     *
     * @return the combined deleted count and the remaining count
     */
    RetentionResult cleanup();

    /**
     * Imports an upstream MockLoop {@code request_logs.db} (SQLite) in batches of 1,000 rows, mapping its columns
     * (status_code, process_time_ms, client_host, correlation_id, test_scenario, query_params as a raw query
     * string, headers as JSON, timestamps as zone-less ISO text read as UTC). Each batch is one transaction. The
     * import is idempotent: every imported row is recorded by a key derived from its upstream id and content, so
     * importing the same file again (or a copy of it) adds nothing and a file that grew adds only its new rows
     * (counted as {@link ImportReport#alreadyPresent()}). A row without a readable timestamp is stamped from its
     * upstream {@code created_at}, or skipped with a reason — never given the import time; headers that are not
     * JSON are kept (as {@code Name: value} lines, or whole under {@code x-mockloop-unparsed}). Rows that break a
     * write rule or that this store's policy excludes are skipped with a reason ({@link ImportReport}).
     *
     * @param upstreamFile the upstream SQLite file
     * @param serverId the server id given to every imported row (upstream has none)
     * @return what was read, imported, already present and skipped (with reasons)
     * @throws ValidationException when the file does not exist or has no request_logs table
     * @throws StoreUnavailableException when the database fails; batches already committed stay, and importing
     *         again completes the rest without duplicates
     */
    ImportReport importUpstream(Path upstreamFile, String serverId);

    /**
     * Imports a HAR 1.2 file as saved by browsers (Chrome, Firefox) and proxies, streaming it (one entry in memory
     * at a time) in batches of 1,000 logs, each batch one transaction. The file is read once in full before anything
     * is written, so a file that is not JSON, or not an object with {@code log.entries}, writes nothing.
     *
     * <p>Each entry becomes one log: {@code startedDateTime} its timestamp; {@code time} its response time (rounded;
     * when absent or negative such as {@code -1}, the sum of the non-negative {@code timings}, else unknown); the
     * URL's path, percent-decoded, and its query (else {@code queryString}); request and response headers
     * (HTTP/2 pseudo-headers such as {@code :authority} left out); {@code postData.text}, or its {@code params}
     * form-encoded; {@code response.content.text}, decoded when its {@code encoding} is {@code base64} and the bytes
     * are UTF-8 text (binary content stays base64 text); the User-Agent and X-Request-Id headers. Pages, cookies,
     * timings and browser extras ({@code _initiator}, {@code _resourceType}...) are ignored. Every log passes the
     * write rules, this store's {@link LogPolicy} (redaction, body cap) and on MySQL/MariaDB the body cut of
     * {@link #append(RequestLog)}; an entry that does not is skipped with a reason
     * ({@link ImportReport.SkipReason}: {@code NO_TIMESTAMP}, {@code MALFORMED_ENTRY}, {@code BREAKS_WRITE_RULE},
     * {@code EXCLUDED_BY_POLICY}).
     *
     * <p>Idempotent like {@link #importUpstream}, through the same table request_log_imports: an entry's key is
     * derived from its whole JSON content (and its occurrence among identical entries of the file), so importing
     * the same file again, or a copy, adds nothing ({@link ImportReport#alreadyPresent()}), a file that grew adds
     * only its new entries, and an entry whose log was deleted since is imported again.
     *
     * @param harFile the HAR file (UTF-8 JSON)
     * @param serverId the server id given to every imported log (a HAR names none)
     * @return what was read, imported, already present and skipped (with reasons);
     *         {@link ImportReport#stampedFromCreatedAt()} is always 0
     * @throws ValidationException when the file does not exist, or is not a JSON object with a {@code log} object
     *         holding an {@code entries} array (naming {@code harFile}, the rule, where it broke, and the path), or
     *         when {@code serverId} is blank, longer than 255 characters or not storable text; nothing is written
     * @throws java.io.UncheckedIOException when the file cannot be read
     * @throws StoreUnavailableException when the database fails; batches already committed stay, and importing
     *         again completes the rest without duplicates
     */
    ImportReport importHar(Path harFile, String serverId);

    /**
     * Writes one self-contained HTML page describing the matching traffic (UTF-8; no script, no external resource:
     * it opens without a network): requests over time by status class (an inline SVG chart), latency
     * p50/p95/p99 and error rate per endpoint (a method and a path shape: numeric and UUID segments count as
     * {@code {id}}, so {@code /pets/42} and {@code /pets/7} are {@code /pets/{id}}, as {@link #listUnmatched} groups
     * them; the 15 busiest endpoints, percentiles as defined by {@link EndpointStats}), the slowest endpoints (by mean response time) and the most failing ones
     * (by responses with status 400 or more), the scenarios in effect over the period (the scenario recorded on each
     * request, per server, with when each took over), the servers' currently active scenarios, and the unmatched
     * requests (the 15 largest groups of {@link #listUnmatched}, with the nearest mock). Every text that
     * comes from the database is HTML-escaped. The figures are aggregated in the database or computed while rows are
     * streamed: memory grows with the number of endpoint shapes, time buckets and scenario changes, not with the
     * number of requests. An empty selection gives a valid page that says so. Does not close {@code out}.
     *
     * @param filter which logs (its order is ignored)
     * @param out where to write
     * @return how many request logs the report covers
     * @throws java.io.UncheckedIOException when writing to {@code out} fails
     */
    long report(LogFilter filter, OutputStream out);

    /** Rows deleted per retention transaction. */
    int RETENTION_CHUNK = 1_000;
}
