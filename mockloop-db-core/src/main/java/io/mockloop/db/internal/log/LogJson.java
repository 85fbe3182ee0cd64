package io.mockloop.db.internal.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mockloop.db.StoreUnavailableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON encoding of the multi-maps stored in headers, response_headers and query_params. Stateless. */
final class LogJson {

    private LogJson() {
    }

    /** @return the JSON object text, or {@code null} for an empty map (stored as NULL) */
    static String write(ObjectMapper json, Map<String, List<String>> map) {
        if (map.isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new StoreUnavailableException("cannot encode " + map.keySet() + " as JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads what {@link #write} wrote, and also upstream MockLoop's objects of plain strings. Text that is not a
     * JSON object yields an empty map, so a damaged row can still be read.
     */
    static Map<String, List<String>> read(ObjectMapper json, String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
        if (node == null || !node.isObject()) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            List<String> values = new ArrayList<>();
            if (v.isArray()) {
                v.forEach(x -> values.add(x.isNull() ? "" : x.isTextual() ? x.asText() : x.toString()));
            } else if (!v.isNull()) {
                values.add(v.isTextual() ? v.asText() : v.toString());
            }
            out.put(e.getKey(), Collections.unmodifiableList(values));
        }
        return out;
    }
}
