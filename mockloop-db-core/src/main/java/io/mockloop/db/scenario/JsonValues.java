package io.mockloop.db.scenario;

import io.mockloop.db.ValidationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep-copies free-form JSON values (maps, lists, strings, numbers, booleans, nulls) into immutable, normalised
 * Java values, so that a value survives a JSON round trip equal to itself: integral numbers become the smallest
 * of Integer/Long/BigInteger, other numbers Double. Stateless.
 */
final class JsonValues {

    private JsonValues() {
    }

    static Map<String, Object> freezeObject(String field, Map<String, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (e.getKey() == null) {
                throw new ValidationException(field, "must not have null keys", map);
            }
            out.put(e.getKey(), freeze(field + "." + e.getKey(), e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    static Object freeze(String field, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            BigInteger b = value instanceof BigInteger bi ? bi : BigInteger.valueOf(((Number) value).longValue());
            if (b.bitLength() < 32) {
                return b.intValue();
            }
            if (b.bitLength() < 64) {
                return b.longValue();
            }
            return b;
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new ValidationException(field, "must be a finite number", value);
            }
            return d;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new ValidationException(field, "must have string keys", e.getKey());
                }
                out.put(k, freeze(field + "." + k, e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(freeze(field, o));
            }
            return Collections.unmodifiableList(out);
        }
        throw new ValidationException(field, "must hold only JSON values (maps, lists, strings, numbers, booleans,"
                + " nulls)", value.getClass().getName());
    }
}
