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

    /** The longest path stored, in characters (8 KiB, the request-line limit of common HTTP servers). */
    static final int MAX_PATH = 8192;
    /** The longest User-Agent stored, in characters. */
    static final int MAX_USER_AGENT = 4096;
    /** The longest header or query parameter name stored, in characters. */
    static final int MAX_NAME = 1024;
    /** The longest header or query parameter value stored, in characters (16 KiB). */
    static final int MAX_VALUE = 16384;

    /**
     * @param log a log
     * @param index its position in an {@code appendAll} list (field names then read {@code logs[3].path}), or
     *              {@link #ONE} for a single log
     * @throws ValidationException naming the first rule broken
     * @throws NullPointerException when {@code log} is null
     */
    static void check(RequestLog log, int index) {
        // the hot path of every log written: field names are built only when a rule fails
        if (log == null) {
            throw new NullPointerException(index == ONE ? "log" : "logs[" + index + "]");
        }
        String m = log.method();
        if (m == null || m.isEmpty() || m.length() > 10 || !isToken(m)) {
            throw new ValidationException(field(index, "method"), "must be an HTTP token of 1 to 10 characters", m);
        }
        int s = log.responseStatus();
        if (s < 100 || s > 599) {
            throw new ValidationException(field(index, "responseStatus"), "must be 100 to 599", s);
        }
        Integer t = log.responseTimeMs();
        if (t != null && t < 0) {
            throw new ValidationException(field(index, "responseTimeMs"), "must be >= 0", t);
        }
        if (!TimeRules.isInRange(log.timestamp())) {
            TimeRules.inRange(field(index, "timestamp"), log.timestamp());
        }
        String p = log.path();
        if (p == null || p.isBlank()) {
            throw new ValidationException(field(index, "path"), "must not be blank", p);
        }
        if (p.indexOf('?') >= 0) {
            throw new ValidationException(field(index, "path"),
                    "must not contain a query string (put it in queryParams)", p);
        }
        max(index, "path", p, MAX_PATH);
        max(index, "serverId", log.serverId(), 255);
        max(index, "requestId", log.requestId(), 255);
        max(index, "scenarioName", log.scenarioName(), 255);
        max(index, "clientIp", log.clientIp(), 45);
        max(index, "userAgent", log.userAgent(), MAX_USER_AGENT);
        // one rule on every database, for writing as for filtering (LogFilter refuses NUL too): PostgreSQL cannot
        // store NUL in text and the others would store what no filter can find; every driver silently stores an
        // unpaired surrogate as '?'
        storable(index, "path", p);
        storable(index, "requestBody", log.requestBody());
        storable(index, "responseBody", log.responseBody());
        storable(index, "serverId", log.serverId());
        storable(index, "clientIp", log.clientIp());
        storable(index, "userAgent", log.userAgent());
        storable(index, "requestId", log.requestId());
        storable(index, "scenarioName", log.scenarioName());
        nameValues(index, "queryParams", log.queryParams());
        nameValues(index, "headers", log.headers());
        nameValues(index, "responseHeaders", log.responseHeaders());
    }

    /** The index {@link #check} takes for a single log (field names without a list position). */
    static final int ONE = -1;

    /** @return the field's name as a message names it: {@code path}, or {@code logs[3].path} in a list */
    private static String field(int index, String name) {
        return index == ONE ? name : "logs[" + index + "]." + name;
    }

    private static void storable(int index, String name, String value) {
        if (!TextRules.isStorable(value)) {
            TextRules.storable(field(index, name), value);
        }
    }

    private static void max(int index, String name, String value, int max) {
        if (value != null && value.length() > max) {
            max(field(index, name), value, max);
        }
    }

    private static void nameValues(int index, String name, Map<String, List<String>> map) {
        map.forEach((key, values) -> {
            if (key.length() > MAX_NAME || !TextRules.isStorable(key)) {
                String field = field(index, name);
                max(field, key, MAX_NAME);
                TextRules.storable(field, key);
            }
            for (String v : values) {
                if (v != null && (v.length() > MAX_VALUE || !TextRules.isStorable(v))) {
                    String field = field(index, name) + "." + key;
                    max(field, v, MAX_VALUE);
                    TextRules.storable(field, v);
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
