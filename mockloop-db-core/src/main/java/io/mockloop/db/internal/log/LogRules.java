package io.mockloop.db.internal.log;

import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.TextRules;
import io.mockloop.db.internal.TimeRules;
import io.mockloop.db.log.RequestLog;
import java.util.List;
import java.util.Map;

/** The write rules of request logs (see {@link io.mockloop.db.log.RequestLogStore}). Stateless. */
final class LogRules {

    private LogRules() {
    }

    /**
     * @param log a log
     * @param prefix prepended to field names, e.g. {@code "logs[3]."}, or {@code ""}
     * @throws ValidationException naming the first rule broken
     */
    /** The longest path stored, in characters (8 KiB, the request-line limit of common HTTP servers). */
    static final int MAX_PATH = 8192;
    /** The longest User-Agent stored, in characters. */
    static final int MAX_USER_AGENT = 4096;
    /** The longest header or query parameter name stored, in characters. */
    static final int MAX_NAME = 1024;
    /** The longest header or query parameter value stored, in characters (16 KiB). */
    static final int MAX_VALUE = 16384;

    static void check(RequestLog log, String prefix) {
        java.util.Objects.requireNonNull(log, prefix.isEmpty() ? "log" : prefix.substring(0, prefix.length() - 1));
        String m = log.method();
        if (m == null || m.isEmpty() || m.length() > 10 || !isToken(m)) {
            throw new ValidationException(prefix + "method", "must be an HTTP token of 1 to 10 characters", m);
        }
        int s = log.responseStatus();
        if (s < 100 || s > 599) {
            throw new ValidationException(prefix + "responseStatus", "must be 100 to 599", s);
        }
        Integer t = log.responseTimeMs();
        if (t != null && t < 0) {
            throw new ValidationException(prefix + "responseTimeMs", "must be >= 0", t);
        }
        TimeRules.inRange(prefix + "timestamp", log.timestamp());
        String p = log.path();
        if (p == null || p.isBlank()) {
            throw new ValidationException(prefix + "path", "must not be blank", p);
        }
        if (p.indexOf('?') >= 0) {
            throw new ValidationException(prefix + "path", "must not contain a query string (put it in queryParams)",
                    p);
        }
        max(prefix + "path", p, MAX_PATH);
        max(prefix + "serverId", log.serverId(), 255);
        max(prefix + "requestId", log.requestId(), 255);
        max(prefix + "scenarioName", log.scenarioName(), 255);
        max(prefix + "clientIp", log.clientIp(), 45);
        max(prefix + "userAgent", log.userAgent(), MAX_USER_AGENT);
        // one rule on every database, for writing as for filtering (LogFilter refuses NUL too): PostgreSQL cannot
        // store NUL in text and the others would store what no filter can find; every driver silently stores an
        // unpaired surrogate as '?'
        TextRules.storable(prefix + "path", p);
        TextRules.storable(prefix + "requestBody", log.requestBody());
        TextRules.storable(prefix + "responseBody", log.responseBody());
        TextRules.storable(prefix + "serverId", log.serverId());
        TextRules.storable(prefix + "clientIp", log.clientIp());
        TextRules.storable(prefix + "userAgent", log.userAgent());
        TextRules.storable(prefix + "requestId", log.requestId());
        TextRules.storable(prefix + "scenarioName", log.scenarioName());
        nameValues(prefix + "queryParams", log.queryParams());
        nameValues(prefix + "headers", log.headers());
        nameValues(prefix + "responseHeaders", log.responseHeaders());
    }

    private static void nameValues(String field, Map<String, List<String>> map) {
        // the hot path of every append: no field name is built unless a rule fails
        map.forEach((name, values) -> {
            if (name.length() > MAX_NAME || !TextRules.isStorable(name)) {
                max(field, name, MAX_NAME);
                TextRules.storable(field, name);
            }
            for (String v : values) {
                if (v != null && (v.length() > MAX_VALUE || !TextRules.isStorable(v))) {
                    max(field + "." + name, v, MAX_VALUE);
                    TextRules.storable(field + "." + name, v);
                }
            }
        });
    }

    private static void max(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new ValidationException(field, "must be at most " + max + " characters", value);
        }
    }

    /** RFC 9110 token: 1*tchar. */
    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
