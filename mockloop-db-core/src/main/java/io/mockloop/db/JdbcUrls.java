package io.mockloop.db;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * JDBC URL helpers, as the library uses them in every message and log line: masking passwords and classifying
 * URLs. A {@code null} argument throws {@link NullPointerException} naming the parameter, except where a method
 * says otherwise. Stateless and thread-safe.
 */
public final class JdbcUrls {

    private static final Pattern QUERY_PASSWORD =
            Pattern.compile("(?i)((?:password|passwd|pwd|sslpassword)=)([^&;]*)");
    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(//[^/:@]*:)([^@/]*)(@)");

    private JdbcUrls() {
    }

    /**
     * @param url a JDBC URL, or {@code null}
     * @return the URL with every password ({@code password=}, {@code passwd=}, {@code pwd=},
     *         {@code sslpassword=} and {@code user:password@}) replaced by {@code ****}; {@code null} stays
     *         {@code null}, so that a message may show an absent URL
     */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        String masked = QUERY_PASSWORD.matcher(url).replaceAll("$1****");
        return USERINFO_PASSWORD.matcher(masked).replaceAll("$1****$3");
    }

    /**
     * @param props driver properties
     * @return a sorted copy in which the value of every property whose name contains "password" (any case) is
     *         {@code ****}
     */
    public static Map<String, String> maskProperties(Map<String, String> props) {
        Objects.requireNonNull(props, "props");
        Map<String, String> out = new TreeMap<>();
        props.forEach((k, v) -> out.put(k, k.toLowerCase(java.util.Locale.ROOT).contains("password") ? "****" : v));
        return out;
    }

    /**
     * @param url a JDBC URL
     * @return whether it is a SQLite URL ({@code jdbc:sqlite:})
     */
    public static boolean isSqlite(String url) {
        Objects.requireNonNull(url, "url");
        return url.startsWith("jdbc:sqlite:");
    }

    /**
     * @param url a JDBC URL
     * @return whether it is an in-memory SQLite database ({@code :memory:}, {@code mode=memory} or
     *         {@code vfs=memdb}), which lives only as long as a connection to it is open
     */
    public static boolean isSqliteMemory(String url) {
        if (!isSqlite(url)) {
            return false;
        }
        String rest = url.substring("jdbc:sqlite:".length());
        return rest.isEmpty() || rest.startsWith(":memory:") || rest.contains("mode=memory")
                || rest.contains("vfs=memdb");
    }
}
