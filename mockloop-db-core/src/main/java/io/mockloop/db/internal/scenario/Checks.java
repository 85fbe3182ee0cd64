package io.mockloop.db.internal.scenario;

import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.TextRules;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.ScenarioConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validation rules shared by the server, scenario and mock response stores. Every rule throws a
 * {@link ValidationException} naming field, rule and value. Stateless.
 */
public final class Checks {

    /** Longest name or id (VARCHAR(255)). */
    public static final int MAX_NAME = 255;
    /** Longest method (VARCHAR(10)). */
    public static final int MAX_METHOD = 10;
    /** Longest endpoint path template. */
    public static final int MAX_PATH = 2048;
    /** Longest TEXT value in UTF-8 bytes (MySQL/MariaDB TEXT). */
    public static final int MAX_TEXT_BYTES = 65_535;
    /** Longest delay in milliseconds (10 minutes). */
    public static final int MAX_DELAY_MS = 600_000;

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private Checks() {
    }

    /**
     * @param field the field name
     * @param value a name or id
     * @return the value
     */
    public static String name(String field, String value) {
        java.util.Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new ValidationException(field, "must not be blank", value);
        }
        if (value.length() > MAX_NAME) {
            throw new ValidationException(field, "must be at most " + MAX_NAME + " characters", value);
        }
        TextRules.storable(field, value);
        return value;
    }

    /**
     * @param field the field name
     * @param value an optional short text (VARCHAR(255)) or null
     * @return the value
     */
    public static String optionalName(String field, String value) {
        if (value != null && value.length() > MAX_NAME) {
            throw new ValidationException(field, "must be at most " + MAX_NAME + " characters", value);
        }
        TextRules.storable(field, value);
        return value;
    }

    /**
     * @param field the field name
     * @param value a required text
     * @return the value
     */
    public static String requiredText(String field, String value) {
        java.util.Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new ValidationException(field, "must not be blank", value);
        }
        return text(field, value);
    }

    /**
     * @param field the field name
     * @param value an optional TEXT value or null
     * @return the value
     */
    public static String text(String field, String value) {
        if (value == null) {
            return null;
        }
        if (value.length() * 3L > MAX_TEXT_BYTES && value.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            throw new ValidationException(field, "must be at most " + MAX_TEXT_BYTES + " bytes in UTF-8", value);
        }
        TextRules.storable(field, value);
        return value;
    }

    /**
     * @param field the field name
     * @param method an HTTP method
     * @return the method in upper case
     */
    public static String method(String field, String method) {
        java.util.Objects.requireNonNull(method, field);
        if (!TOKEN.matcher(method).matches()) {
            throw new ValidationException(field, "must be an HTTP token", method);
        }
        if (method.length() > MAX_METHOD) {
            throw new ValidationException(field, "must be at most " + MAX_METHOD + " characters", method);
        }
        return method.toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * @param field the field name
     * @param path an endpoint path template
     * @return the path
     */
    public static String pathTemplate(String field, String path) {
        java.util.Objects.requireNonNull(path, field);
        if (!path.startsWith("/")) {
            throw new ValidationException(field, "must start with '/'", path);
        }
        if (path.length() > MAX_PATH) {
            throw new ValidationException(field, "must be at most " + MAX_PATH + " characters", path);
        }
        int depth = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            }
            if (depth < 0 || depth > 1) {
                throw new ValidationException(field, "must have balanced '{' and '}'", path);
            }
        }
        if (depth != 0) {
            throw new ValidationException(field, "must have balanced '{' and '}'", path);
        }
        return path;
    }

    /**
     * @param field the field name
     * @param status an HTTP status
     * @return the status
     */
    public static int status(String field, int status) {
        if (status < 100 || status > 599) {
            throw new ValidationException(field, "must be between 100 and 599", status);
        }
        return status;
    }

    /**
     * @param field the field name
     * @param delayMs a delay
     * @return the delay
     */
    public static int delay(String field, int delayMs) {
        if (delayMs < 0 || delayMs > MAX_DELAY_MS) {
            throw new ValidationException(field, "must be between 0 and " + MAX_DELAY_MS + " ms", delayMs);
        }
        return delayMs;
    }

    /**
     * @param field the field name
     * @param headers response headers
     */
    public static void headers(String field, Map<String, String> headers) {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey() == null || !TOKEN.matcher(h.getKey()).matches()) {
                throw new ValidationException(field, "must have HTTP token names", h.getKey());
            }
            if (h.getValue() == null) {
                throw new ValidationException(field + "." + h.getKey(), "must not be null", null);
            }
        }
    }

    /**
     * Checks every endpoint of a scenario configuration.
     *
     * @param config the configuration
     */
    public static void config(ScenarioConfig config) {
        for (EndpointResponse e : config.endpoints()) {
            String where = "config.endpoints." + e.pathTemplate() + "." + e.method();
            method(where + ".method", e.method());
            pathTemplate("config.endpoints", e.pathTemplate());
            status(where + ".status", e.status());
            delay(where + ".delay_ms", e.delayMs());
            headers(where + ".headers", e.headers());
        }
        text("config", config.toJson());
    }

    /**
     * @param value a value that must be plain JSON (maps with string keys, lists, strings, numbers, booleans, null)
     * @return whether it is
     */
    public static boolean isJsonValue(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return true;
        }
        if (value instanceof Number n) {
            return !(n instanceof Double d && (d.isNaN() || d.isInfinite()))
                    && !(n instanceof Float f && (f.isNaN() || f.isInfinite()));
        }
        if (value instanceof Map<?, ?> m) {
            return m.entrySet().stream().allMatch(e -> e.getKey() instanceof String && isJsonValue(e.getValue()));
        }
        if (value instanceof java.util.List<?> l) {
            return l.stream().allMatch(Checks::isJsonValue);
        }
        return false;
    }
}
