package io.mockloop.db.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mockloop.db.ValidationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The typed form of a scenario's JSON configuration (column scenarios.config). Its JSON form is
 *
 * <pre>{@code
 * {"endpoints": {"/pets/{petId}": {"GET": {"status": 200, "headers": {"Content-Type": "application/json"},
 *                                           "body": "{\"id\": 1}", "delay_ms": 0}}},
 *  "metadata": {"owner": "qa"}}
 * }</pre>
 *
 * <p>Endpoints are keyed by path template, then method. In each endpoint, {@code status} defaults to 200,
 * {@code headers} to none, {@code body} to none and {@code delay_ms} to 0; a body that is a JSON object or array
 * is kept as its compact JSON text. {@code metadata} is free-form JSON. {@link #toJson()} writes a canonical form
 * (every endpoint key written, metadata always present); {@code parse(c.toJson())} equals {@code c} and
 * {@code parse(j).toJson()} equals {@code j} for every canonical {@code j}.
 *
 * <p>Immutable and thread-safe. Endpoints are kept grouped by path in the order each path first appears, methods
 * in the order given; an endpoint (method, path) appears at most once.
 *
 * @param endpoints the endpoint responses, grouped by path template
 * @param metadata free-form metadata (JSON values as plain Java values; never null)
 */
public record ScenarioConfig(List<EndpointResponse> endpoints, Map<String, Object> metadata) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String SHAPE = "must be a JSON object {\"endpoints\": {path: {method: {status, headers,"
            + " body, delay_ms}}}, \"metadata\": {...}}";

    /**
     * Groups endpoints by path, refuses duplicates, and freezes everything (deeply: nested metadata maps and lists
     * are unmodifiable copies).
     *
     * @throws ValidationException when an endpoint (method, path) repeats or the metadata holds a value that is not
     *                             JSON (see {@link #parse(String)} for the shape)
     * @throws NullPointerException when {@code endpoints} or {@code metadata} is null, or {@code endpoints}
     *                              contains null
     */
    public ScenarioConfig {
        Map<String, List<EndpointResponse>> byPath = new LinkedHashMap<>();
        for (EndpointResponse e : Objects.requireNonNull(endpoints, "endpoints")) {
            Objects.requireNonNull(e, "endpoint");
            List<EndpointResponse> group = byPath.computeIfAbsent(e.pathTemplate(), k -> new ArrayList<>());
            for (EndpointResponse other : group) {
                if (other.method().equalsIgnoreCase(e.method())) {
                    throw new ValidationException("config.endpoints", "must not repeat an endpoint",
                            e.method() + " " + e.pathTemplate());
                }
            }
            group.add(e);
        }
        List<EndpointResponse> grouped = new ArrayList<>();
        byPath.values().forEach(grouped::addAll);
        endpoints = List.copyOf(grouped);
        metadata = JsonValues.freezeObject("config.metadata", Objects.requireNonNull(metadata, "metadata"));
    }

    /** @return a configuration without endpoints and metadata */
    public static ScenarioConfig empty() {
        return new ScenarioConfig(List.of(), Map.of());
    }

    /**
     * @param endpoint an endpoint
     * @return a copy with {@code endpoint} added, replacing the one with the same method and path if any
     * @throws NullPointerException when {@code endpoint} is null
     */
    public ScenarioConfig withEndpoint(EndpointResponse endpoint) {
        List<EndpointResponse> list = new ArrayList<>();
        boolean replaced = false;
        for (EndpointResponse e : endpoints) {
            if (e.pathTemplate().equals(endpoint.pathTemplate()) && e.method().equalsIgnoreCase(endpoint.method())) {
                list.add(endpoint);
                replaced = true;
            } else {
                list.add(e);
            }
        }
        if (!replaced) {
            list.add(endpoint);
        }
        return new ScenarioConfig(list, metadata);
    }

    /**
     * @param metadata the metadata
     * @return a copy with this metadata
     */
    public ScenarioConfig withMetadata(Map<String, Object> metadata) {
        return new ScenarioConfig(endpoints, metadata);
    }

    /**
     * @param method an HTTP method (case-insensitive)
     * @param pathTemplate a path template (exact)
     * @return the endpoint with that method and template; empty when none
     */
    public Optional<EndpointResponse> endpoint(String method, String pathTemplate) {
        return endpoints.stream()
                .filter(e -> e.pathTemplate().equals(pathTemplate) && e.method().equalsIgnoreCase(method))
                .findFirst();
    }

    /** @return the canonical JSON text of this configuration */
    public String toJson() {
        return toTree().toString();
    }

    /** @return the canonical JSON tree of this configuration (a new, mutable tree) */
    ObjectNode toTree() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode eps = root.putObject("endpoints");
        for (EndpointResponse e : endpoints) {
            ObjectNode path = eps.has(e.pathTemplate()) ? (ObjectNode) eps.get(e.pathTemplate())
                    : eps.putObject(e.pathTemplate());
            ObjectNode ep = path.putObject(e.method());
            ep.put("status", e.status());
            ObjectNode headers = ep.putObject("headers");
            e.headers().forEach(headers::put);
            if (e.body().isPresent()) {
                ep.put("body", e.body().get());
            } else {
                ep.putNull("body");
            }
            ep.put("delay_ms", e.delayMs());
        }
        root.set("metadata", JSON.valueToTree(metadata));
        return root;
    }

    /**
     * @param json the JSON text of a configuration
     * @return its typed form
     * @throws NullPointerException when {@code json} is null
     * @throws ValidationException when {@code json} is not JSON ({@code "config must be valid JSON"}) or not of the
     *                             documented shape (the field names the offending part)
     */
    public static ScenarioConfig parse(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ValidationException("config", "must be valid JSON", json);
        }
        return fromTree(root, json);
    }

    /**
     * @param root a JSON tree
     * @param original the text shown in error messages
     * @return the typed form
     * @throws ValidationException when the tree is not of the documented shape
     */
    static ScenarioConfig fromTree(JsonNode root, String original) {
        if (root == null || !root.isObject()) {
            throw new ValidationException("config", SHAPE, original);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("endpoints") && !k.equals("metadata")) {
                throw new ValidationException("config", SHAPE + "; unknown key '" + k + "'", original);
            }
        }
        List<EndpointResponse> list = new ArrayList<>();
        JsonNode eps = root.get("endpoints");
        if (eps != null && !eps.isNull()) {
            if (!eps.isObject()) {
                throw new ValidationException("config.endpoints", "must be an object keyed by path template",
                        eps.toString());
            }
            for (Iterator<Map.Entry<String, JsonNode>> paths = eps.fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> p = paths.next();
                if (!p.getValue().isObject()) {
                    throw new ValidationException("config.endpoints." + p.getKey(), "must be an object keyed by method",
                            p.getValue().toString());
                }
                for (Iterator<Map.Entry<String, JsonNode>> ms = p.getValue().fields(); ms.hasNext(); ) {
                    Map.Entry<String, JsonNode> m = ms.next();
                    list.add(endpoint(p.getKey(), m.getKey(), m.getValue()));
                }
            }
        }
        Map<String, Object> metadata = Map.of();
        JsonNode md = root.get("metadata");
        if (md != null && !md.isNull()) {
            if (!md.isObject()) {
                throw new ValidationException("config.metadata", "must be a JSON object", md.toString());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.convertValue(md, LinkedHashMap.class);
            metadata = m;
        }
        return new ScenarioConfig(list, metadata);
    }

    private static EndpointResponse endpoint(String path, String method, JsonNode node) {
        String field = "config.endpoints." + path + "." + method;
        if (!node.isObject()) {
            throw new ValidationException(field, "must be an object {status, headers, body, delay_ms}",
                    node.toString());
        }
        int status = 200;
        Map<String, String> headers = new LinkedHashMap<>();
        String body = null;
        int delay = 0;
        for (Iterator<Map.Entry<String, JsonNode>> fs = node.fields(); fs.hasNext(); ) {
            Map.Entry<String, JsonNode> f = fs.next();
            JsonNode v = f.getValue();
            switch (f.getKey().toLowerCase(Locale.ROOT)) {
                case "status" -> {
                    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                        throw new ValidationException(field + ".status", "must be an integer", v.toString());
                    }
                    status = v.intValue();
                }
                case "headers" -> {
                    if (v.isNull()) {
                        break;
                    }
                    if (!v.isObject()) {
                        throw new ValidationException(field + ".headers", "must be an object of strings", v.toString());
                    }
                    for (Iterator<Map.Entry<String, JsonNode>> hs = v.fields(); hs.hasNext(); ) {
                        Map.Entry<String, JsonNode> h = hs.next();
                        if (!h.getValue().isTextual()) {
                            throw new ValidationException(field + ".headers." + h.getKey(), "must be a string",
                                    h.getValue().toString());
                        }
                        headers.put(h.getKey(), h.getValue().textValue());
                    }
                }
                case "body" -> body = v.isNull() ? null : v.isTextual() ? v.textValue() : v.toString();
                case "delay_ms", "delayms" -> {
                    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                        throw new ValidationException(field + ".delay_ms", "must be an integer", v.toString());
                    }
                    delay = v.intValue();
                }
                default -> throw new ValidationException(field, "has an unknown key (allowed: status, headers, body,"
                        + " delay_ms)", f.getKey());
            }
        }
        return new EndpointResponse(method, path, status, Collections.unmodifiableMap(headers),
                Optional.ofNullable(body), delay);
    }
}
