package io.mockloop.db.log;

import io.mockloop.db.StorableValues;
import io.mockloop.db.ValidationException;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Which request logs a query, count, stat, export or stream covers, and in which order. Every criterion runs in
 * SQL; absent criteria ({@code null}) match everything. {@link #ALL} matches every row, newest first.
 *
 * <p>Path matching: {@link PathMatch#EXACT} and {@link PathMatch#PREFIX} compare text; {@link PathMatch#GLOB} takes
 * {@code *} (any run of characters) and {@code ?} (one character); {@link PathMatch#REGEX} is a regular expression
 * that may match anywhere in the path (PostgreSQL {@code ~}, MySQL/MariaDB {@code REGEXP}, SQLite a REGEXP function
 * backed by {@link java.util.regex.Pattern}); use the common subset (character classes, anchors, quantifiers,
 * alternation) for the same result everywhere. The filter checks that {@link java.util.regex.Pattern} compiles the
 * expression; one that the database's own regex dialect refuses makes the store's query throw
 * {@link ValidationException} naming {@code path}. Case sensitivity of EXACT/PREFIX/GLOB follows the database: SQLite
 * LIKE and MySQL/MariaDB's {@code _ci} collation ignore ASCII case, PostgreSQL does not. The text search
 * ({@code containing}) ignores case on every database.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder()}.
 *
 * @param serverId only this server's logs, or {@code null}
 * @param methods only these methods (compared in upper case), empty for all; never {@code null}
 * @param pathMatch how {@code path} is matched, or {@code null} for any path
 * @param path the path, prefix, glob or regex; {@code null} exactly when {@code pathMatch} is
 * @param minStatus lowest status, inclusive, or {@code null}
 * @param maxStatus highest status, inclusive, or {@code null}
 * @param minResponseTimeMs lowest response time, inclusive, or {@code null}
 * @param maxResponseTimeMs highest response time, inclusive, or {@code null}
 * @param from earliest timestamp, inclusive, or {@code null}
 * @param to latest timestamp, exclusive, or {@code null}
 * @param clientIp only this client address, or {@code null}
 * @param scenarioName only this scenario, or {@code null}
 * @param requestId only this request id, or {@code null}
 * @param containing text contained (ignoring case) in the path, request body or response body, or {@code null}
 * @param order the order of results
 */
public record LogFilter(String serverId, Set<String> methods, PathMatch pathMatch, String path, Integer minStatus,
                        Integer maxStatus, Integer minResponseTimeMs, Integer maxResponseTimeMs, Instant from,
                        Instant to, String clientIp, String scenarioName, String requestId, String containing,
                        Order order) {

    /** Longest prefix, glob, regular expression or {@code containing} text (SQLite caps LIKE patterns). */
    public static final int MAX_PATTERN = 10_000;

    /** Every row, newest first. */
    public static final LogFilter ALL = builder().build();

    /** How {@link LogFilter#path()} is compared with a row's path. */
    public enum PathMatch {
        /** the whole path equals the value */
        EXACT,
        /** the path starts with the value */
        PREFIX,
        /** the path matches a glob: {@code *} any characters, {@code ?} one character */
        GLOB,
        /** the path contains a match of a regular expression */
        REGEX
    }

    /** Result order. Ties on timestamp are broken by id in the same direction. */
    public enum Order {
        /** latest timestamp first */
        NEWEST_FIRST,
        /** earliest timestamp first */
        OLDEST_FIRST
    }

    /**
     * Checks the criteria.
     *
     * @throws NullPointerException when {@code methods} or {@code order} is {@code null}
     * @throws ValidationException when a range is reversed or negative, a path criterion is half given, a
     *                             regular expression does not compile, {@code methods} contains null, a prefix,
     *                             glob, regex or {@code containing} text is longer than {@value #MAX_PATTERN}
     *                             characters, a text holds a NUL character or an unpaired UTF-16 surrogate, or
     *                             {@code from} or
     *                             {@code to} is outside the years 0001 to 9999 (UTC)
     */
    public LogFilter {
        java.util.Objects.requireNonNull(methods, "methods");
        java.util.Objects.requireNonNull(order, "order");
        if (methods.stream().anyMatch(java.util.Objects::isNull)) {
            throw new ValidationException("methods", "must not contain null", methods);
        }
        methods = methods.stream().map(m -> m.toUpperCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        if ((pathMatch == null) != (path == null)) {
            throw new ValidationException("path", "must be given together with a path match", path);
        }
        if (pathMatch == PathMatch.REGEX) {
            try {
                java.util.regex.Pattern.compile(path);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new ValidationException("path", "must be a valid regular expression", path);
            }
        }
        if (minStatus != null && maxStatus != null && minStatus > maxStatus) {
            throw new ValidationException("maxStatus", "must be >= minStatus " + minStatus, maxStatus);
        }
        if (minResponseTimeMs != null && minResponseTimeMs < 0) {
            throw new ValidationException("minResponseTimeMs", "must be >= 0", minResponseTimeMs);
        }
        if (minResponseTimeMs != null && maxResponseTimeMs != null && minResponseTimeMs > maxResponseTimeMs) {
            throw new ValidationException("maxResponseTimeMs", "must be >= minResponseTimeMs " + minResponseTimeMs,
                    maxResponseTimeMs);
        }
        if (pathMatch != null && pathMatch != PathMatch.EXACT && path.length() > MAX_PATTERN) {
            throw new ValidationException("path", "must be at most " + MAX_PATTERN + " characters for " + pathMatch,
                    path);
        }
        if (containing != null && containing.length() > MAX_PATTERN) {
            throw new ValidationException("containing", "must be at most " + MAX_PATTERN + " characters", containing);
        }
        // no criterion may hold what databases compare differently: drivers send an unpaired surrogate as '?',
        // PostgreSQL refuses NUL, SQLite cuts a LIKE pattern at it and MariaDB's collation ignores it
        for (String m : methods) {
            StorableValues.requireStorableText("methods", m);
        }
        StorableValues.requireStorableText("serverId", serverId);
        StorableValues.requireStorableText("path", path);
        StorableValues.requireStorableText("clientIp", clientIp);
        StorableValues.requireStorableText("scenarioName", scenarioName);
        StorableValues.requireStorableText("requestId", requestId);
        StorableValues.requireStorableText("containing", containing);
        StorableValues.requireStorableInstant("from", from);
        StorableValues.requireStorableInstant("to", to);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ValidationException("to", "must be after from " + from, to);
        }
    }

    /** @return a builder matching everything, newest first */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this filter's criteria */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.serverId = serverId;
        b.methods.addAll(methods);
        b.pathMatch = pathMatch;
        b.path = path;
        b.minStatus = minStatus;
        b.maxStatus = maxStatus;
        b.minResponseTimeMs = minResponseTimeMs;
        b.maxResponseTimeMs = maxResponseTimeMs;
        b.from = from;
        b.to = to;
        b.clientIp = clientIp;
        b.scenarioName = scenarioName;
        b.requestId = requestId;
        b.containing = containing;
        b.order = order;
        return b;
    }

    /**
     * A mutable builder for {@link LogFilter}; not thread-safe. Later calls for the same criterion win. A criterion
     * left out matches everything; a {@code null} argument throws {@link NullPointerException} naming the criterion.
     */
    public static final class Builder {
        private String serverId;
        private final Set<String> methods = new LinkedHashSet<>();
        private PathMatch pathMatch;
        private String path;
        private Integer minStatus;
        private Integer maxStatus;
        private Integer minResponseTimeMs;
        private Integer maxResponseTimeMs;
        private Instant from;
        private Instant to;
        private String clientIp;
        private String scenarioName;
        private String requestId;
        private String containing;
        private Order order = Order.NEWEST_FIRST;

        private Builder() {
        }

        /**
         * @param v only this server's logs
         * @return this
         * @throws NullPointerException when {@code v} is {@code null} (leave the criterion out for every server)
         */
        public Builder server(String v) { serverId = Objects.requireNonNull(v, "serverId"); return this; }

        /**
         * @param v methods to add (case-insensitive); none adds nothing
         * @return this
         * @throws NullPointerException when the array is {@code null}
         * @throws ValidationException when a method is null
         */
        public Builder methods(String... v) {
            for (String m : java.util.Objects.requireNonNull(v, "methods")) {
                if (m == null) {
                    throw new ValidationException("methods", "must not contain null", java.util.Arrays.asList(v));
                }
                methods.add(m.toUpperCase(Locale.ROOT));
            }
            return this;
        }

        /** @param v the exact path; @return this */
        public Builder path(String v) { return path(PathMatch.EXACT, v); }
        /** @param v a path prefix; @return this */
        public Builder pathPrefix(String v) { return path(PathMatch.PREFIX, v); }
        /** @param v a glob; @return this */
        public Builder pathGlob(String v) { return path(PathMatch.GLOB, v); }
        /** @param v a regular expression; @return this */
        public Builder pathRegex(String v) { return path(PathMatch.REGEX, v); }

        /**
         * @param match how to match
         * @param v the path, prefix, glob or regular expression
         * @return this
         * @throws NullPointerException when {@code match} or {@code v} is {@code null}
         */
        public Builder path(PathMatch match, String v) {
            pathMatch = Objects.requireNonNull(match, "pathMatch");
            path = Objects.requireNonNull(v, "path");
            return this;
        }

        /** @param v exactly this status; @return this */
        public Builder status(int v) { minStatus = v; maxStatus = v; return this; }

        /** @param hundreds the class digit, e.g. 4 for 4xx; @return this */
        public Builder statusClass(int hundreds) {
            if (hundreds < 1 || hundreds > 5) {
                throw new ValidationException("statusClass", "must be 1 to 5", hundreds);
            }
            minStatus = hundreds * 100;
            maxStatus = hundreds * 100 + 99;
            return this;
        }

        /** @param min lowest, inclusive @param max highest, inclusive; @return this */
        public Builder statusBetween(int min, int max) { minStatus = min; maxStatus = max; return this; }

        /** @param min lowest ms, inclusive @param max highest ms, inclusive; @return this */
        public Builder responseTimeBetween(int min, int max) {
            minResponseTimeMs = min;
            maxResponseTimeMs = max;
            return this;
        }

        /** @param min lowest ms, inclusive (no upper bound); @return this */
        public Builder responseTimeAtLeast(int min) {
            minResponseTimeMs = min;
            maxResponseTimeMs = null;
            return this;
        }

        /** @param max highest ms, inclusive (no lower bound); @return this */
        public Builder responseTimeAtMost(int max) {
            minResponseTimeMs = null;
            maxResponseTimeMs = max;
            return this;
        }

        /**
         * @param v earliest timestamp, inclusive
         * @return this
         * @throws NullPointerException when {@code v} is {@code null}
         */
        public Builder from(Instant v) { from = Objects.requireNonNull(v, "from"); return this; }
        /**
         * @param v latest timestamp, exclusive
         * @return this
         * @throws NullPointerException when {@code v} is {@code null}
         */
        public Builder to(Instant v) { to = Objects.requireNonNull(v, "to"); return this; }
        /**
         * @param v client address
         * @return this
         * @throws NullPointerException when {@code v} is {@code null}
         */
        public Builder clientIp(String v) { clientIp = Objects.requireNonNull(v, "clientIp"); return this; }
        /**
         * @param v scenario name
         * @return this
         * @throws NullPointerException when {@code v} is {@code null}
         */
        public Builder scenario(String v) { scenarioName = Objects.requireNonNull(v, "scenarioName"); return this; }
        /**
         * @param v request id
         * @return this
         * @throws NullPointerException when {@code v} is {@code null}
         */
        public Builder requestId(String v) { requestId = Objects.requireNonNull(v, "requestId"); return this; }
        /**
         * @param v text in path or bodies, ignoring case
         * @return this
         * @throws NullPointerException when {@code v} is {@code null}
         */
        public Builder containing(String v) { containing = Objects.requireNonNull(v, "containing"); return this; }
        /** @return this, ordered newest first (the default) */
        public Builder newestFirst() { order = Order.NEWEST_FIRST; return this; }
        /** @return this, ordered oldest first */
        public Builder oldestFirst() { order = Order.OLDEST_FIRST; return this; }

        /**
         * @return the filter
         * @throws ValidationException when the criteria contradict each other (see {@link LogFilter})
         */
        public LogFilter build() {
            return new LogFilter(serverId, methods, pathMatch, path, minStatus, maxStatus, minResponseTimeMs,
                    maxResponseTimeMs, from, to, clientIp, scenarioName, requestId, containing, order);
        }
    }
}
