package io.mockloop.db.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** JDBC URL helpers: masking passwords and classifying URLs. Stateless and thread-safe. */
public final class JdbcUrls {

    private static final Pattern QUERY_PASSWORD =
            Pattern.compile("(?i)((?:password|passwd|pwd|sslpassword)=)([^&;]*)");
    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(//[^/:@]*:)([^@/]*)(@)");

    private JdbcUrls() {
    }

    /** @return the URL with every password replaced by {@code ****}; {@code null} stays {@code null} */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        String masked = QUERY_PASSWORD.matcher(url).replaceAll("$1****");
        return USERINFO_PASSWORD.matcher(masked).replaceAll("$1****$3");
    }

    public static Map<String, String> maskProperties(Map<String, String> props) {
        Map<String, String> out = new TreeMap<>();
        props.forEach((k, v) -> out.put(k, k.toLowerCase(java.util.Locale.ROOT).contains("password") ? "****" : v));
        return out;
    }

    public static boolean isSqlite(String url) {
        return url.startsWith("jdbc:sqlite:");
    }

    public static boolean isSqliteMemory(String url) {
        if (!isSqlite(url)) {
            return false;
        }
        String rest = url.substring("jdbc:sqlite:".length());
        return rest.isEmpty() || rest.startsWith(":memory:") || rest.contains("mode=memory")
                || rest.contains("vfs=memdb");
    }
}
