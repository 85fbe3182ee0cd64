package io.mockloop.db.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep-copies a server configuration (a JSON object as plain Java values) into unmodifiable maps and lists, so
 * that neither the caller's map nor the copy handed out can change a {@link MockServer} or a
 * {@link ServerRegistration} after construction. Leaves (strings, numbers, booleans, nulls) are immutable and
 * kept as they are. Stateless.
 */
final class JsonConfig {

    private JsonConfig() {
    }

    static Map<String, Object> freeze(Map<String, ?> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        config.forEach((k, v) -> out.put(k, freezeValue(v)));
        return Collections.unmodifiableMap(out);
    }

    private static Object freezeValue(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, freezeValue(v)));
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(freezeValue(v)));
            return Collections.unmodifiableList(out);
        }
        return value;
    }
}
