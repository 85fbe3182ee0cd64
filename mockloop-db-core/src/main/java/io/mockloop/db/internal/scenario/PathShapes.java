package io.mockloop.db.internal.scenario;

import java.util.regex.Pattern;

/**
 * Path shapes: a request path whose decimal-number and UUID segments become parameters {@code {id}}, {@code {id2}},
 * ... numbered from the left. One definition for grouping unmatched requests and for freezing traffic into
 * templates. Stateless and thread-safe.
 */
public final class PathShapes {

    private static final Pattern NUMBER = Pattern.compile("[0-9]+");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private PathShapes() {
    }

    /**
     * @param segment one path segment
     * @return whether it is a decimal number or a UUID (an identifier a template should capture)
     */
    public static boolean isIdentifier(String segment) {
        return NUMBER.matcher(segment).matches() || UUID.matcher(segment).matches();
    }

    /**
     * @param index 0 for the first parameter of a path, 1 for the second, ...
     * @return the parameter's name: {@code id}, {@code id2}, {@code id3}, ...
     */
    public static String parameter(int index) {
        return index == 0 ? "id" : "id" + (index + 1);
    }

    /**
     * @param path a request path without query string
     * @return its shape: {@code /pets/42} is {@code /pets/{id}}
     */
    public static String shape(String path) {
        String[] segments = PathTemplate.split(path);
        StringBuilder out = new StringBuilder(path.length());
        int params = 0;
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            if (isIdentifier(segments[i])) {
                out.append('{').append(parameter(params++)).append('}');
            } else {
                out.append(segments[i]);
            }
        }
        return out.toString();
    }
}
