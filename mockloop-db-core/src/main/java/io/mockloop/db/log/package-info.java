/**
 * The request journal: {@link io.mockloop.db.log.RequestLogStore} ({@code db.requestLogs()}).
 *
 * <ul>
 *   <li>Ingest: {@code append(log)} returns the new row's id; {@code appendAll(logs)} is one transaction (JDBC batches of
 *       1,000). For a mock server's hot path, {@code openWriter(WriterSettings)} starts an asynchronous
 *       {@link io.mockloop.db.log.LogWriter} (bounded queue, batches by size and linger, retry with backoff,
 *       {@code flush()}, drained when the {@code MockLoopDb} closes).</li>
 *   <li>Write-time policy: {@link io.mockloop.db.log.LogPolicy} (redaction, body size limit, exclusions) applies to
 *       every write path; {@code db.requestLogs()} uses {@link io.mockloop.db.log.LogPolicy#DEFAULTS},
 *       {@code withPolicy(p)} gives a view with another one, and a writer uses {@code WriterSettings.policy()}.</li>
 *   <li>Absence: a log not yet stored has an empty {@code id()}, {@code append} returns an empty id for a log the
 *       policy excluded, and time figures without data (no response time recorded) are empty optionals, never 0.
 *       Optional criteria are overloads: {@code summary()} and {@code summary(serverId)}, {@code cleanup(olderThan)}
 *       and {@code cleanup(olderThan, serverId)}, {@code page(filter, size)} for the first page and
 *       {@code page(filter, size, cursor)} for the next.</li>
 *   <li>Queries: a {@link io.mockloop.db.log.LogFilter} selects rows in SQL; {@code page} returns keyset pages on
 *       (timestamp, id) with an opaque cursor, {@code count} uses the same WHERE, {@code stream} and {@code export}
 *       read in chunks.</li>
 *   <li>Statistics: {@code summary} (view request_logs_summary), {@code endpointStats} and {@code timeBuckets} with
 *       one percentile definition (PostgreSQL's percentile_cont), identical on every database.</li>
 *   <li>Retention: {@code cleanup(olderThan)}, {@code cleanup(olderThan, serverId)}, {@code trimTo(max)}, {@code cleanup()} from system_config;
 *       chunked deletes of {@value io.mockloop.db.log.RequestLogStore#RETENTION_CHUNK} rows per transaction.</li>
 *   <li>Import: {@code importUpstream(file, serverId)} reads an upstream MockLoop request_logs.db.</li>
 * </ul>
 *
 * <p>Null arguments: a {@code null} argument where the Javadoc does not allow one throws
 * {@link java.lang.NullPointerException} naming the parameter, before any work is done; no method takes
 * {@code null} to mean "absent" (absence is an overload without the parameter) or treats it as empty. Values that
 * are present but wrong throw {@link io.mockloop.db.ValidationException} naming the field, the rule and the value.
 * Record components documented as "or {@code null}" (such as {@link io.mockloop.db.log.RequestLog#requestBody()})
 * are values, not arguments, and may be {@code null}.
 *
 * <pre>{@code
 * try (MockLoopDb db = MockLoopDb.open(Path.of("db/mockloop.db"))) {
 *     LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS);
 *     writer.enqueue(RequestLog.builder("GET", "/pets", 200).serverId("petstore").responseTimeMs(12).build());
 *     writer.flush();
 *     LogPage page = db.requestLogs().page(LogFilter.builder().server("petstore").statusClass(5).build(), 50);
 * }
 * }</pre>
 */
package io.mockloop.db.log;
