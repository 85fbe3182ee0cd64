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
    static void check(RequestLog log, String prefix) {
        if (log == null) {
            throw new ValidationException(prefix.isEmpty() ? "log" : prefix.substring(0, prefix.length() - 1),
                    "must not be null", null);
        }
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
        max(prefix + "serverId", log.serverId(), 255);
        max(prefix + "requestId", log.requestId(), 255);
        max(prefix + "scenarioName", log.scenarioName(), 255);
        max(prefix + "clientIp", log.clientIp(), 45);
        // every driver would silently store an unpaired surrogate as '?'; NUL is left to the database on purpose
        // (PostgreSQL refuses it, the others store it; see RequestLogStoreTest)
        TextRules.noUnpairedSurrogate(prefix + "path", p);
        TextRules.noUnpairedSurrogate(prefix + "requestBody", log.requestBody());
        TextRules.noUnpairedSurrogate(prefix + "responseBody", log.responseBody());
        TextRules.noUnpairedSurrogate(prefix + "serverId", log.serverId());
        TextRules.noUnpairedSurrogate(prefix + "clientIp", log.clientIp());
        TextRules.noUnpairedSurrogate(prefix + "userAgent", log.userAgent());
        TextRules.noUnpairedSurrogate(prefix + "requestId", log.requestId());
        TextRules.noUnpairedSurrogate(prefix + "scenarioName", log.scenarioName());
        noUnpairedSurrogates(prefix + "queryParams", log.queryParams());
        noUnpairedSurrogates(prefix + "headers", log.headers());
        noUnpairedSurrogates(prefix + "responseHeaders", log.responseHeaders());
    }

    private static void noUnpairedSurrogates(String field, Map<String, List<String>> map) {
        map.forEach((name, values) -> {
            TextRules.noUnpairedSurrogate(field, name);
            values.forEach(v -> TextRules.noUnpairedSurrogate(field + "." + name, v));
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
