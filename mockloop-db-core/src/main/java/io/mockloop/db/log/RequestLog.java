package io.mockloop.db.log;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * One HTTP exchange as logged by a mock server: a row of table request_logs.
 *
 * <p>The constructor only normalises: the maps are copied into unmodifiable maps of unmodifiable lists (keys keep
 * their order and case; a map or list that is already one of these, such as one read back from the store or made by
 * {@link Map#of}/{@link List#of} with at most one entry, is kept as it is, not copied). HTTP rules (method, status,
 * path, response time, column lengths) are checked by {@link RequestLogStore#append(RequestLog)} and the other write
 * paths before anything is written, not here, so that every row already in the database (for example imported from
 * an upstream file) can always be read.
 *
 * <p>A log built by the caller has no {@link #id()}; every log read back from a store has one. A stored log's maps
 * are kept as the stored JSON text and parsed the first time one of them is used (a page of logs whose headers nobody
 * reads parses none); they are the same immutable, ordered maps either way.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder(String, String, int)}.
 *
 * @param id the row id: empty for a log that has not been stored (ignored on append), present for every log read
 *           back from a store; never {@code null}
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
public record RequestLog(OptionalLong id, Instant timestamp, String method, String path,
                         Map<String, List<String>> queryParams, Map<String, List<String>> headers,
                         String requestBody, int responseStatus, Map<String, List<String>> responseHeaders,
                         String responseBody, Integer responseTimeMs, String serverId, String clientIp,
                         String userAgent, String requestId, String scenarioName, Instant createdAt,
                         Instant updatedAt, boolean unmatched) {

    /**
     * Normalises the maps (see the class comment).
     *
     * @throws NullPointerException when {@code id} or a map is {@code null}, or a map holds a {@code null} name,
     *         values list or value (naming the map)
     */
    public RequestLog {
        Objects.requireNonNull(id, "id");
        queryParams = freeze(queryParams, "queryParams");
        headers = freeze(headers, "headers");
        responseHeaders = freeze(responseHeaders, "responseHeaders");
    }

    /**
     * The map as an ordered, deep-immutable map: {@code map} itself when it already is one (made here before, or a
     * JDK-immutable map of at most one entry, whose order cannot differ), else one copy. Value lists that are
     * JDK-immutable are kept ({@link List#copyOf} returns them), so a map parsed into {@code List.of} values is
     * copied once, at its top level only.
     */
    private static Map<String, List<String>> freeze(Map<String, List<String>> map, String name) {
        Objects.requireNonNull(map, name);
        if (map instanceof Frozen) {
            return map;
        }
        int size = map.size();
        if (size == 0) {
            return Map.of();
        }
        if (size == 1) {
            Map.Entry<String, List<String>> e = map.entrySet().iterator().next();
            List<String> v = values(e.getKey(), e.getValue(), name);
            if (v == e.getValue() && Map.copyOf(map) == map) {
                return map; // JDK-immutable with immutable values: nothing to copy
            }
            return Map.of(e.getKey(), v);
        }
        LinkedHashMap<String, List<String>> out = new LinkedHashMap<>((int) (size / 0.75f) + 1);
        for (Map.Entry<String, List<String>> e : map.entrySet()) {
            out.put(e.getKey(), values(e.getKey(), e.getValue(), name));
        }
        return new Frozen(out);
    }

    private static List<String> values(String key, List<String> values, String name) {
        Objects.requireNonNull(key, () -> name + " name");
        Objects.requireNonNull(values, () -> name + " values of " + key);
        try {
            return List.copyOf(values); // returns a JDK-immutable list as it is
        } catch (NullPointerException e) {
            throw new NullPointerException(name + " values of " + key + " contain null");
        }
    }

    /**
     * An unmodifiable, insertion-ordered map over a map nobody else holds, made by {@link #freeze} or, for a stored
     * log, by {@link #deferred} from the stored text, which it parses when first used: an instance is immutable by
     * construction, so it is never copied again (toBuilder, policies, derived copies). Thread-safe: two threads using
     * a deferred one first at the same moment may both parse the text, to equal maps, and either one is kept.
     */
    private static final class Frozen extends AbstractMap<String, List<String>> {
        /** The stored text and its parser, for a map made from a stored log; null for one made parsed. */
        private final String text;
        private final Function<String, Map<String, List<String>>> parse;
        /** The map, read-only (its forEach reaches the map's own, without an entry wrapper each). */
        private volatile Map<String, List<String>> map;

        Frozen(LinkedHashMap<String, List<String>> map) {
            this.text = null;
            this.parse = null;
            this.map = Collections.unmodifiableMap(map);
        }

        Frozen(String text, Function<String, Map<String, List<String>>> parse) {
            this.text = text;
            this.parse = parse;
        }

        private Map<String, List<String>> map() {
            Map<String, List<String>> m = map;
            if (m == null) {
                m = Collections.unmodifiableMap(parse.apply(text));
                map = m;
            }
            return m;
        }

        @Override
        public Set<Map.Entry<String, List<String>>> entrySet() {
            return map().entrySet();
        }

        @Override
        public int size() {
            return map().size();
        }

        @Override
        public List<String> get(Object key) {
            return map().get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return map().containsKey(key);
        }

        @Override
        public void forEach(java.util.function.BiConsumer<? super String, ? super List<String>> action) {
            map().forEach(action); // no read-only entry wrapper per entry: every log written walks its maps this way
        }
    }

    /**
     * Not part of the API: how the library's own store (through a private lookup, since this is package-private)
     * hands a stored log's map to the constructor as its stored text, parsed when first used.
     *
     * @param text  the stored JSON text, or {@code null}
     * @param parse the library's parser: an insertion-ordered map of JDK-immutable lists that nothing else holds,
     *              for any text (an empty map for text it cannot read)
     * @return an empty map for null or empty text, else a map that parses {@code text} when first used
     */
    static Map<String, List<String>> deferred(String text, Function<String, Map<String, List<String>>> parse) {
        return text == null || text.isEmpty() ? Map.of() : new Frozen(text, parse);
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
     * @throws NullPointerException when {@code name} is {@code null}
     */
    public java.util.Optional<String> header(String name) {
        return first(headers, Objects.requireNonNull(name, "name"));
    }

    private static java.util.Optional<String> first(Map<String, List<String>> map, String name) {
        for (Map.Entry<String, List<String>> e : map.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return java.util.Optional.ofNullable(e.getValue().get(0));
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * A mutable builder for {@link RequestLog}; not thread-safe. Setters of components that the record allows to be
     * {@code null} take {@code null} to clear them; the map setters and the name and values of a single header or
     * query parameter throw {@link NullPointerException} for {@code null}.
     */
    public static final class Builder {
        private OptionalLong id = OptionalLong.empty();
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

        /**
         * Sets the row id (a log read back from a store has one; {@link RequestLogStore#append(RequestLog)} ignores
         * it).
         *
         * @param v the id
         * @return this
         */
        public Builder id(long v) { id = OptionalLong.of(v); return this; }
        /** @param v the timestamp; @return this */
        public Builder timestamp(Instant v) { timestamp = v; return this; }
        /** @param v the method; @return this */
        public Builder method(String v) { method = v; return this; }
        /** @param v the path; @return this */
        public Builder path(String v) { path = v; return this; }
        /**
         * @param v the query parameters (empty for none)
         * @return this
         * @throws NullPointerException when {@code v} is {@code null}
         */
        public Builder queryParams(Map<String, List<String>> v) {
            queryParams = Objects.requireNonNull(v, "queryParams");
            return this;
        }
        /**
         * @param name a query parameter
         * @param values its values (replacing any it had)
         * @return this
         * @throws NullPointerException when {@code name}, {@code values} or a value is {@code null}
         */
        public Builder queryParam(String name, String... values) {
            queryParams = with(queryParams, name, values);
            return this;
        }
        /**
         * @param v the request headers (empty for none)
         * @return this
         * @throws NullPointerException when {@code v} is {@code null}
         */
        public Builder headers(Map<String, List<String>> v) {
            headers = Objects.requireNonNull(v, "headers");
            return this;
        }
        /**
         * @param name a request header
         * @param values its values (replacing any it had)
         * @return this
         * @throws NullPointerException when {@code name}, {@code values} or a value is {@code null}
         */
        public Builder header(String name, String... values) {
            headers = with(headers, name, values);
            return this;
        }
        /** @param v the request body; @return this */
        public Builder requestBody(String v) { requestBody = v; return this; }
        /** @param v the status; @return this */
        public Builder responseStatus(int v) { responseStatus = v; return this; }
        /**
         * @param v the response headers (empty for none)
         * @return this
         * @throws NullPointerException when {@code v} is {@code null}
         */
        public Builder responseHeaders(Map<String, List<String>> v) {
            responseHeaders = Objects.requireNonNull(v, "responseHeaders");
            return this;
        }
        /**
         * @param name a response header
         * @param values its values (replacing any it had)
         * @return this
         * @throws NullPointerException when {@code name}, {@code values} or a value is {@code null}
         */
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
            Objects.requireNonNull(name, "name");
            List<String> list = List.of(Objects.requireNonNull(values, "values"));
            Map<String, List<String>> out = new LinkedHashMap<>(map);
            out.put(name, list);
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
