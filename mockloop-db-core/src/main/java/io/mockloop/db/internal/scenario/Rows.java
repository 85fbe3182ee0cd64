package io.mockloop.db.internal.scenario;

import static io.mockloop.db.internal.jooq.generated.Tables.MOCK_RESPONSES;
import static io.mockloop.db.internal.jooq.generated.Tables.SCENARIOS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mockloop.db.ValidationException;
import io.mockloop.db.scenario.MockResponse;
import io.mockloop.db.scenario.Scenario;
import io.mockloop.db.scenario.ScenarioConfig;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps rows of scenarios and mock_responses to the public records and JSON columns to values. Stateless. */
final class Rows {

    private static final Logger LOG = LoggerFactory.getLogger(Rows.class);

    private Rows() {
    }

    static Scenario scenario(Record r) {
        return new Scenario(r.get(SCENARIOS.ID), r.get(SCENARIOS.SERVER_ID), r.get(SCENARIOS.NAME),
                Optional.ofNullable(r.get(SCENARIOS.DESCRIPTION)), config(r.get(SCENARIOS.CONFIG), r),
                Boolean.TRUE.equals(r.get(SCENARIOS.IS_ACTIVE)), r.get(SCENARIOS.CREATED_AT),
                r.get(SCENARIOS.UPDATED_AT), Optional.ofNullable(r.get(SCENARIOS.CREATED_BY)));
    }

    /** Parses a stored config; a stored text that is not valid is logged and read as empty, never thrown. */
    static ScenarioConfig config(String json, Record r) {
        try {
            return ScenarioConfig.parse(json);
        } catch (ValidationException e) {
            LOG.warn("scenario {} of server '{}' has an unreadable config, read as empty: {}", r.get(SCENARIOS.NAME),
                    r.get(SCENARIOS.SERVER_ID), e.getMessage());
            return ScenarioConfig.empty();
        }
    }

    static MockResponse response(ObjectMapper json, Record r, String scenarioName) {
        Integer delay = r.get(MOCK_RESPONSES.DELAY_MS);
        return new MockResponse(r.get(MOCK_RESPONSES.ID), r.get(MOCK_RESPONSES.SERVER_ID), r.get(MOCK_RESPONSES.METHOD),
                r.get(MOCK_RESPONSES.ENDPOINT_PATH), r.get(MOCK_RESPONSES.RESPONSE_STATUS),
                headers(json, r.get(MOCK_RESPONSES.RESPONSE_HEADERS)),
                Optional.ofNullable(r.get(MOCK_RESPONSES.RESPONSE_BODY)), delay == null ? 0 : delay,
                Optional.ofNullable(scenarioName), Boolean.TRUE.equals(r.get(MOCK_RESPONSES.IS_DEFAULT)),
                r.get(MOCK_RESPONSES.CREATED_AT), r.get(MOCK_RESPONSES.UPDATED_AT));
    }

    /** Reads a headers column leniently: non-string values become their JSON text; unreadable text is empty. */
    static Map<String, String> headers(ObjectMapper json, String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        try {
            JsonNode node = json.readTree(text);
            if (node != null && node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString());
                }
            }
        } catch (JsonProcessingException e) {
            LOG.warn("ignoring unreadable response headers {}", text);
        }
        return out;
    }

    static String headersJson(ObjectMapper json, Map<String, String> headers) {
        if (headers.isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
