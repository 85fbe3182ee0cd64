package io.mockloop.db.internal.scenario;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A compiled endpoint path template: segments split on {@code /}; a segment that is exactly {@code {name}} is a
 * parameter matching any one non-empty segment, every other segment a literal. Immutable and thread-safe.
 */
final class PathTemplate {

    private final String template;
    private final String[] segments;
    /** parameter name per segment; null for literal segments */
    private final String[] params;

    PathTemplate(String template) {
        this.template = template;
        this.segments = split(template);
        this.params = new String[segments.length];
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.length() >= 2 && s.charAt(0) == '{' && s.charAt(s.length() - 1) == '}' && s.indexOf('{', 1) < 0) {
                params[i] = s.substring(1, s.length() - 1);
            }
        }
    }

    String template() {
        return template;
    }

    static String[] split(String path) {
        return path.split("/", -1);
    }

    /** Strips query and fragment, then splits. */
    static String[] splitRequest(String concretePath) {
        int cut = concretePath.length();
        int q = concretePath.indexOf('?');
        if (q >= 0) {
            cut = q;
        }
        int h = concretePath.indexOf('#');
        if (h >= 0 && h < cut) {
            cut = h;
        }
        return split(concretePath.substring(0, cut));
    }

    /** @return whether the split request path matches */
    boolean matches(String[] request) {
        if (request.length != segments.length) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            if (params[i] == null ? !segments[i].equals(request[i]) : request[i].isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** @return the captured parameters of a matching request path, in template order */
    Map<String, String> capture(String[] request) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < segments.length; i++) {
            if (params[i] != null) {
                out.put(params[i], request[i]);
            }
        }
        return out;
    }

    /**
     * @param other another template matching the same request
     * @return negative when this one is more specific (a literal where the other has a parameter at the first
     *         differing position), positive when the other is, zero when equally specific
     */
    int compareSpecificity(PathTemplate other) {
        int n = Math.min(params.length, other.params.length);
        for (int i = 0; i < n; i++) {
            boolean mineLiteral = params[i] == null;
            boolean theirsLiteral = other.params[i] == null;
            if (mineLiteral != theirsLiteral) {
                return mineLiteral ? -1 : 1;
            }
        }
        return 0;
    }
}
