package io.mockloop.db.log;

import io.mockloop.db.ValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What is done to a log before it reaches the database: values of redacted request/response headers and query
 * parameters are replaced by {@value #REDACTED} (names compared ignoring case), bodies longer than
 * {@code maxBodyChars} are cut and end with a visible marker ({@code "…[truncated N chars]"}), and logs whose
 * method or path is excluded are not stored at all.
 *
 * <p>{@link #DEFAULTS} redacts the headers {@link #DEFAULT_REDACTED_HEADERS} (Authorization, Proxy-Authorization,
 * Cookie, Set-Cookie, X-Api-Key, Api-Key, X-Auth-Token, X-Access-Token) and the query parameters
 * {@link #DEFAULT_REDACTED_QUERY_PARAMS} (access_token, refresh_token, id_token, api_key, apikey, token, password,
 * client_secret), keeps bodies up to 1,000,000 characters and excludes nothing. {@link #NONE} changes nothing.
 * Immutable and thread-safe.
 *
 * @param redactedHeaders header names whose values are replaced, any case; never {@code null}
 * @param redactedQueryParams query parameter names whose values are replaced, any case; never {@code null}
 * @param maxBodyChars longest request or response body stored, in characters (at least 64)
 * @param excludedPaths paths not stored: exact paths, or globs with {@code *} and {@code ?}; never {@code null}
 * @param excludedMethods methods not stored, any case; never {@code null}
 */
public record LogPolicy(Set<String> redactedHeaders, Set<String> redactedQueryParams, int maxBodyChars,
                        Set<String> excludedPaths, Set<String> excludedMethods) {

    /** The replacement of a redacted value. */
    public static final String REDACTED = "[REDACTED]";

    /** The default redacted headers (matched ignoring case). */
    public static final Set<String> DEFAULT_REDACTED_HEADERS = Set.of("Authorization", "Proxy-Authorization",
            "Cookie", "Set-Cookie", "X-Api-Key", "Api-Key", "X-Auth-Token", "X-Access-Token");

    /** The default redacted query parameters (matched ignoring case). */
    public static final Set<String> DEFAULT_REDACTED_QUERY_PARAMS = Set.of("access_token", "refresh_token",
            "id_token", "api_key", "apikey", "token", "password", "client_secret");

    /** Redacts the default headers and query parameters, keeps bodies up to 1,000,000 characters, excludes nothing. */
    public static final LogPolicy DEFAULTS = new LogPolicy(DEFAULT_REDACTED_HEADERS, DEFAULT_REDACTED_QUERY_PARAMS,
            1_000_000, Set.of(), Set.of());

    /** Stores logs unchanged (bodies up to {@link Integer#MAX_VALUE} characters). */
    public static final LogPolicy NONE = new LogPolicy(Set.of(), Set.of(), Integer.MAX_VALUE, Set.of(), Set.of());

    /**
     * Normalises names to lower case and checks the size.
     *
     * @throws NullPointerException when a set, or a name in one, is {@code null} (naming the set)
     * @throws ValidationException when maxBodyChars is below 64
     */
    public LogPolicy {
        redactedHeaders = lower(redactedHeaders, "redactedHeaders");
        redactedQueryParams = lower(redactedQueryParams, "redactedQueryParams");
        excludedPaths = Set.copyOf(Objects.requireNonNull(excludedPaths, "excludedPaths"));
        excludedMethods = Objects.requireNonNull(excludedMethods, "excludedMethods").stream()
                .map(m -> Objects.requireNonNull(m, "excludedMethods").toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        if (maxBodyChars < 64) {
            throw new ValidationException("maxBodyChars", "must be >= 64", maxBodyChars);
        }
    }

    private static Set<String> lower(Set<String> names, String name) {
        return Objects.requireNonNull(names, name).stream()
                .map(n -> Objects.requireNonNull(n, name).toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** @param names header names to redact instead of the current ones; @return a copy */
    public LogPolicy withRedactedHeaders(Set<String> names) {
        return new LogPolicy(names, redactedQueryParams, maxBodyChars, excludedPaths, excludedMethods);
    }

    /** @param names query parameter names to redact; @return a copy */
    public LogPolicy withRedactedQueryParams(Set<String> names) {
        return new LogPolicy(redactedHeaders, names, maxBodyChars, excludedPaths, excludedMethods);
    }

    /** @param chars longest stored body; @return a copy */
    public LogPolicy withMaxBodyChars(int chars) {
        return new LogPolicy(redactedHeaders, redactedQueryParams, chars, excludedPaths, excludedMethods);
    }

    /** @param paths excluded paths or globs; @return a copy */
    public LogPolicy withExcludedPaths(Set<String> paths) {
        return new LogPolicy(redactedHeaders, redactedQueryParams, maxBodyChars, paths, excludedMethods);
    }

    /** @param methods excluded methods; @return a copy */
    public LogPolicy withExcludedMethods(Set<String> methods) {
        return new LogPolicy(redactedHeaders, redactedQueryParams, maxBodyChars, excludedPaths, methods);
    }

    /**
     * @param log a log
     * @return whether the policy excludes it (by method or path)
     * @throws NullPointerException when {@code log} is {@code null}
     */
    public boolean excludes(RequestLog log) {
        Objects.requireNonNull(log, "log");
        if (log.method() != null && excludedMethods.contains(log.method().toUpperCase(Locale.ROOT))) {
            return true;
        }
        if (log.path() == null || excludedPaths.isEmpty()) {
            return false;
        }
        for (String p : excludedPaths) {
            if (p.equals(log.path()) || ((p.indexOf('*') >= 0 || p.indexOf('?') >= 0) && glob(p).matcher(log.path()).matches())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Applies the policy.
     *
     * @param log a log
     * @return the log as it may be stored, or empty when the policy excludes it
     * @throws NullPointerException when {@code log} is {@code null}
     */
    public Optional<RequestLog> apply(RequestLog log) {
        if (excludes(log)) {
            return Optional.empty();
        }
        Map<String, List<String>> headers = redact(log.headers(), redactedHeaders);
        Map<String, List<String>> responseHeaders = redact(log.responseHeaders(), redactedHeaders);
        Map<String, List<String>> query = redact(log.queryParams(), redactedQueryParams);
        String requestBody = truncate(log.requestBody());
        String responseBody = truncate(log.responseBody());
        if (headers == log.headers() && responseHeaders == log.responseHeaders() && query == log.queryParams()
                && requestBody == log.requestBody() && responseBody == log.responseBody()) {
            return Optional.of(log);
        }
        return Optional.of(log.toBuilder().headers(headers).responseHeaders(responseHeaders).queryParams(query)
                .requestBody(requestBody).responseBody(responseBody).build());
    }

    private static Map<String, List<String>> redact(Map<String, List<String>> map, Set<String> names) {
        if (names.isEmpty() || map.isEmpty()) {
            return map;
        }
        boolean hit = false;
        for (String k : map.keySet()) {
            if (names.contains(k.toLowerCase(Locale.ROOT))) {
                hit = true;
                break;
            }
        }
        if (!hit) {
            return map;
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, names.contains(k.toLowerCase(Locale.ROOT))
                ? v.stream().map(x -> REDACTED).toList() : v));
        return out;
    }

    private String truncate(String body) {
        if (body == null || body.length() <= maxBodyChars) {
            return body;
        }
        int keep = Character.isHighSurrogate(body.charAt(maxBodyChars - 1)) ? maxBodyChars - 1 : maxBodyChars;
        return body.substring(0, keep) + "…[truncated " + (body.length() - keep) + " chars]";
    }

    private static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
