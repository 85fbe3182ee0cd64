package io.mockloop.db.internal.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.log.LogPolicy;
import io.mockloop.db.log.RequestLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON encoding of the multi-maps stored in headers, response_headers and query_params. Stateless. */
final class LogJson {

    private LogJson() {
    }

    /** @return the JSON object text, or {@code null} for an empty map (stored as NULL) */
    static String write(ObjectMapper json, Map<String, List<String>> map) {
        return write(json.getFactory(), map, Set.of());
    }

    /**
     * Encodes a multi-map as a JSON object of string arrays with Jackson's generator, replacing the values of the
     * names in {@code redacted} (a set that decides membership itself, such as a case-insensitive one) by
     * {@link LogPolicy#REDACTED}: redaction while encoding, without a redacted copy of the map.
     *
     * @return the JSON object text, or {@code null} for an empty map (stored as NULL)
     */
    static String write(JsonFactory json, Map<String, List<String>> map, Set<String> redacted) {
        if (map.isEmpty()) {
            return null;
        }
        // what ObjectMapper.writeValueAsString writes into, and as it does: Jackson's recycled buffers, where a
        // StringWriter (a synchronized StringBuffer, grown by copying) cost a fifth more per log
        try (SegmentedStringWriter out = new SegmentedStringWriter(json._getBufferRecycler())) {
            try (JsonGenerator g = json.createGenerator(out)) {
                g.writeStartObject();
                boolean anyRedacted = !redacted.isEmpty();
                // forEach, not the entry set: RequestLog's maps hand out their entries without a wrapper each
                map.forEach((name, values) -> {
                    try {
                        g.writeFieldName(name);
                        boolean redact = anyRedacted && redacted.contains(name);
                        g.writeStartArray();
                        for (int i = 0; i < values.size(); i++) {
                            g.writeString(redact ? LogPolicy.REDACTED : values.get(i));
                        }
                        g.writeEndArray();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                g.writeEndObject();
            }
            return out.getAndClear();
        } catch (IOException | UncheckedIOException e) {
            throw new StoreUnavailableException("cannot encode " + map.keySet() + " as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads what {@link #write} wrote, and also upstream MockLoop's objects of plain strings (a value that is not an
     * array is one value; {@code null} none; a number or a nested structure its JSON text). Text that is not a JSON
     * object yields an empty map, so a damaged row can still be read. One pass of Jackson's streaming parser (no
     * tree), straight into the shapes {@link RequestLog} keeps without copying them again: JDK-immutable value lists
     * ({@link List#of}), and {@link Map#of} for a map of no or one name; a map of more names is an insertion-ordered
     * map that nobody else holds (the log's constructor freezes it, once).
     */
    static Map<String, List<String>> read(ObjectMapper json, String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try (JsonParser p = json.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Map.of();
            }
            String name = p.nextFieldName();
            if (name == null) {
                return Map.of(); // {} or not an object of fields
            }
            List<String> values = values(p);
            String next = p.nextFieldName();
            if (next == null) {
                return p.currentToken() == JsonToken.END_OBJECT ? Map.of(name, values) : Map.of();
            }
            Map<String, List<String>> out = new LinkedHashMap<>();
            out.put(name, values);
            for (; next != null; next = p.nextFieldName()) {
                out.put(next, values(p));
            }
            return p.currentToken() == JsonToken.END_OBJECT ? out : Map.of();
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /** The values of the field the parser is on: an array's elements ({@code null} as ""), else one or none. */
    private static List<String> values(JsonParser p) throws IOException {
        JsonToken v = p.nextToken();
        if (v == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (v != JsonToken.START_ARRAY) {
            return List.of(scalarOrTree(p, v));
        }
        JsonToken e = p.nextToken();
        if (e == JsonToken.END_ARRAY) {
            return List.of();
        }
        String first = element(p, e);
        e = p.nextToken();
        if (e == JsonToken.END_ARRAY) {
            return List.of(first); // the common case: one value per name
        }
        List<String> more = new ArrayList<>(4);
        more.add(first);
        for (; e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (e == null) {
                throw new IOException("unexpected end of JSON");
            }
            more.add(element(p, e));
        }
        return List.copyOf(more);
    }

    private static String element(JsonParser p, JsonToken e) throws IOException {
        return e == JsonToken.VALUE_NULL ? "" : scalarOrTree(p, e);
    }

    /** The text of a string, the JSON text of anything else (the parser is left on its last token). */
    private static String scalarOrTree(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t.isScalarValue()) {
            return p.getText(); // numbers and booleans as written
        }
        JsonNode node = p.readValueAsTree();
        return node.toString();
    }

    /**
     * Whether stored JSON text is exactly what {@link #write} writes: one non-empty object of arrays of strings, on one
     * line.
     * Such text can be written through as it is; anything else is read and written again.
     */
    static boolean canonical(ObjectMapper json, String text) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return false;
        }
        try (JsonParser p = json.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            JsonToken t;
            boolean any = false;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                any = true;
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    return false;
                }
                JsonToken e;
                while ((e = p.nextToken()) == JsonToken.VALUE_STRING) {
                    // a value
                }
                if (e != JsonToken.END_ARRAY) {
                    return false;
                }
            }
            return any && t == JsonToken.END_OBJECT && p.nextToken() == null; // {} is stored as NULL
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
