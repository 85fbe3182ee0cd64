package io.mockloop.db.log;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP exchange as logged by a mock server: a row of table request_logs.
 *
 * <p>The constructor only normalises: {@code null} maps become empty, maps are copied into unmodifiable maps
 * (keys keep their order and case). HTTP rules (method, status, path, response time, column lengths) are checked
 * by {@link RequestLogStore#append(RequestLog)} and the other write paths before anything is written, not here,
 * so that every row already in the database (for example imported from an upstream file) can always be read.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder(String, String, int)}.
 *
 * @param id the row id; {@code 0} for a log that has not been stored yet (ignored on append)
 * @param timestamp when the request arrived (UTC, milliseconds); {@code null} on append means "now"
 * @param method the HTTP method, for example {@code GET}
 * @param path the request path without query string, for example {@code /pets/1}
 * @param queryParams query parameters, name to values in order; never {@code null} (empty when none)
 * @param headers request headers, name to values; never {@code null}
 * @param requestBody the request body, or {@code null} when there was none
 * @param responseStatus the HTTP status sent
 * @param responseHeaders response headers, name to values; never {@code null}
 * @param responseBody the response body, or {@code null}
 * @param responseTimeMs the time taken to respond in milliseconds, or {@code null} when unknown
 * @param serverId the mock server's id, or {@code null}
 * @param clientIp the client's address (at most 45 characters), or {@code null}
 * @param userAgent the User-Agent, or {@code null}
 * @param requestId the request or correlation id, or {@code null}
 * @param scenarioName the scenario active when the request was served, or {@code null}
 * @param createdAt when the row was written; {@code null} before it is stored
 * @param updatedAt when the row was last changed; {@code null} before it is stored
 * @param unmatched whether the host recorded this request because no mock matched it (schema version 6, column
 *                  {@code unmatched}: {@code TRUE} for such a log, {@code NULL} otherwise, read as {@code false});
 *                  {@link RequestLogStore#listUnmatched(LogFilter, int)} groups these
 */
public record RequestLog(long id, Instant timestamp, String method, String path,
                         Map<String, List<String>> queryParams, Map<String, List<String>> headers,
                         String requestBody, int responseStatus, Map<String, List<String>> responseHeaders,
                         String responseBody, Integer responseTimeMs, String serverId, String clientIp,
                         String userAgent, String requestId, String scenarioName, Instant createdAt,
                         Instant updatedAt, boolean unmatched) {

    /** Normalises the maps (see the class comment). */
    public RequestLog {
        queryParams = copy(queryParams);
        headers = copy(headers);
        responseHeaders = copy(responseHeaders);
    }

    /**
     * The constructor of the components before schema version 6: a log that is not marked unmatched. Kept so that
     * code written against earlier versions compiles unchanged.
     *
     * @param id see the class comment
     * @param timestamp see the class comment
     * @param method see the class comment
     * @param path see the class comment
     * @param queryParams see the class comment
     * @param headers see the class comment
     * @param requestBody see the class comment
     * @param responseStatus see the class comment
     * @param responseHeaders see the class comment
     * @param responseBody see the class comment
     * @param responseTimeMs see the class comment
     * @param serverId see the class comment
     * @param clientIp see the class comment
     * @param userAgent see the class comment
     * @param requestId see the class comment
     * @param scenarioName see the class comment
     * @param createdAt see the class comment
     * @param updatedAt see the class comment
     */
    public RequestLog(long id, Instant timestamp, String method, String path, Map<String, List<String>> queryParams,
                      Map<String, List<String>> headers, String requestBody, int responseStatus,
                      Map<String, List<String>> responseHeaders, String responseBody, Integer responseTimeMs,
                      String serverId, String clientIp, String userAgent, String requestId, String scenarioName,
                      Instant createdAt, Instant updatedAt) {
        this(id, timestamp, method, path, queryParams, headers, requestBody, responseStatus, responseHeaders,
                responseBody, responseTimeMs, serverId, clientIp, userAgent, requestId, scenarioName, createdAt,
                updatedAt, false);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(Objects.requireNonNull(k, "map key"),
                v == null ? List.of() : List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    /**
     * @param method the HTTP method
     * @param path the path without query string
     * @param responseStatus the status sent
     * @return a builder with those values and everything else absent
     */
    public static Builder builder(String method, String path, int responseStatus) {
        return new Builder().method(method).path(path).responseStatus(responseStatus);
    }

    /** @return a builder holding this log's values (to derive a changed copy) */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.timestamp = timestamp;
        b.method = method;
        b.path = path;
        b.queryParams = queryParams;
        b.headers = headers;
        b.requestBody = requestBody;
        b.responseStatus = responseStatus;
        b.responseHeaders = responseHeaders;
        b.responseBody = responseBody;
        b.responseTimeMs = responseTimeMs;
        b.serverId = serverId;
        b.clientIp = clientIp;
        b.userAgent = userAgent;
        b.requestId = requestId;
        b.scenarioName = scenarioName;
        b.createdAt = createdAt;
        b.updatedAt = updatedAt;
        b.unmatched = unmatched;
        return b;
    }

    /**
     * The first value of a request header, matched case-insensitively.
     *
     * @param name the header name
     * @return the value, or empty when the header is absent
     */
    public java.util.Optional<String> header(String name) {
        return first(headers, name);
    }

    private static java.util.Optional<String> first(Map<String, List<String>> map, String name) {
        for (Map.Entry<String, List<String>> e : map.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return java.util.Optional.ofNullable(e.getValue().get(0));
            }
        }
        return java.util.Optional.empty();
    }

    /** A mutable builder for {@link RequestLog}; not thread-safe. */
    public static final class Builder {
        private long id;
        private Instant timestamp;
        private String method;
        private String path;
        private Map<String, List<String>> queryParams = Map.of();
        private Map<String, List<String>> headers = Map.of();
        private String requestBody;
        private int responseStatus;
        private Map<String, List<String>> responseHeaders = Map.of();
        private String responseBody;
        private Integer responseTimeMs;
        private String serverId;
        private String clientIp;
        private String userAgent;
        private String requestId;
        private String scenarioName;
        private Instant createdAt;
        private Instant updatedAt;
        private boolean unmatched;

        private Builder() {
        }

        /** @param v the id; @return this */
        public Builder id(long v) { id = v; return this; }
        /** @param v the timestamp; @return this */
        public Builder timestamp(Instant v) { timestamp = v; return this; }
        /** @param v the method; @return this */
        public Builder method(String v) { method = v; return this; }
        /** @param v the path; @return this */
        public Builder path(String v) { path = v; return this; }
        /** @param v the query parameters; @return this */
        public Builder queryParams(Map<String, List<String>> v) { queryParams = v; return this; }
        /** @param name a query parameter @param values its values; @return this */
        public Builder queryParam(String name, String... values) {
            queryParams = with(queryParams, name, values);
            return this;
        }
        /** @param v the request headers; @return this */
        public Builder headers(Map<String, List<String>> v) { headers = v; return this; }
        /** @param name a request header @param values its values; @return this */
        public Builder header(String name, String... values) {
            headers = with(headers, name, values);
            return this;
        }
        /** @param v the request body; @return this */
        public Builder requestBody(String v) { requestBody = v; return this; }
        /** @param v the status; @return this */
        public Builder responseStatus(int v) { responseStatus = v; return this; }
        /** @param v the response headers; @return this */
        public Builder responseHeaders(Map<String, List<String>> v) { responseHeaders = v; return this; }
        /** @param name a response header @param values its values; @return this */
        public Builder responseHeader(String name, String... values) {
            responseHeaders = with(responseHeaders, name, values);
            return this;
        }
        /** @param v the response body; @return this */
        public Builder responseBody(String v) { responseBody = v; return this; }
        /** @param v the response time in ms; @return this */
        public Builder responseTimeMs(Integer v) { responseTimeMs = v; return this; }
        /** @param v the server id; @return this */
        public Builder serverId(String v) { serverId = v; return this; }
        /** @param v the client IP; @return this */
        public Builder clientIp(String v) { clientIp = v; return this; }
        /** @param v the user agent; @return this */
        public Builder userAgent(String v) { userAgent = v; return this; }
        /** @param v the request id; @return this */
        public Builder requestId(String v) { requestId = v; return this; }
        /** @param v the scenario name; @return this */
        public Builder scenarioName(String v) { scenarioName = v; return this; }
        /** @param v created at; @return this */
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        /** @param v updated at; @return this */
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        /**
         * Marks the log as a request no mock matched (see {@link RequestLog#unmatched()}).
         *
         * @param v whether no mock matched the request
         * @return this
         */
        public Builder unmatched(boolean v) { unmatched = v; return this; }

        private static Map<String, List<String>> with(Map<String, List<String>> map, String name, String[] values) {
            Map<String, List<String>> out = new LinkedHashMap<>(map == null ? Map.of() : map);
            out.put(name, List.of(values));
            return out;
        }

        /** @return the log (never {@code null}; see the class comment for when it is validated) */
        public RequestLog build() {
            return new RequestLog(id, timestamp, method, path, queryParams, headers, requestBody, responseStatus,
                    responseHeaders, responseBody, responseTimeMs, serverId, clientIp, userAgent, requestId,
                    scenarioName, createdAt, updatedAt, unmatched);
        }
    }
}
