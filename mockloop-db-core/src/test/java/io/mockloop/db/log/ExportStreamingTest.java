package io.mockloop.db.log;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The export reads one cursor and writes stored JSON columns through when they are what the library writes; other
 * stored JSON (upstream MockLoop's objects of plain strings with numbers and nulls, an empty object, damaged text)
 * comes out in the library's shape, exactly as {@code find(id)} returns it. More rows than any page or fetch size
 * come out once each, in the filter's order.
 */
class ExportStreamingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "POSTGRESQL_PARTITIONED", "MARIADB",
        "MYSQL"})
    void storedJsonGoesThroughWhenItIsOursAndIsNormalisedWhenNot(DbTarget target) throws Exception {
        MockLoopDb db = TestDatabase.fresh(target);
        Instant t = Instant.parse("2026-02-03T04:05:06.789Z");
        long ours = db.requestLogs().append(RequestLog.builder("GET", "/ours", 200).timestamp(t)
                .headers(Map.of("Host", List.of("a", "b,\"c\""))).build()).orElseThrow();
        DSLContext dsl = InternalAccess.dsl(db);
        List<String> stored = List.of("{\"Host\": \"x\", \"N\": 5, \"Z\": null, \"L\": [1, null, \"s\"]}", "{}",
                "not json", "[\"a\"]", "{\"pretty\":\n[\"v\"]}");
        List<Long> theirs = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            dsl.insertInto(REQUEST_LOGS).set(REQUEST_LOGS.TIMESTAMP, t.plusSeconds(i + 1))
                    .set(REQUEST_LOGS.METHOD, "GET").set(REQUEST_LOGS.PATH, "/theirs/" + i)
                    .set(REQUEST_LOGS.RESPONSE_STATUS, 200).set(REQUEST_LOGS.HEADERS, stored.get(i))
                    .set(REQUEST_LOGS.QUERY_PARAMS, stored.get(i)).execute();
            theirs.add(dsl.select(REQUEST_LOGS.ID).from(REQUEST_LOGS)
                    .where(REQUEST_LOGS.PATH.eq("/theirs/" + i)).fetchOne(REQUEST_LOGS.ID));
        }

        ByteArrayOutputStream nd = new ByteArrayOutputStream();
        assertThat(db.requestLogs().export(LogFilter.builder().oldestFirst().build(), ExportFormat.NDJSON, nd))
                .isEqualTo(1 + stored.size());
        String[] lines = nd.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(1 + stored.size());
        for (String line : lines) {
            JsonNode row = JSON.readTree(line);
            RequestLog page = db.requestLogs().get(row.get("id").asLong());
            assertThat(multiMap(row.get("headers"))).as(line).isEqualTo(page.headers());
            assertThat(multiMap(row.get("query_params"))).as(line).isEqualTo(page.queryParams());
        }
        assertThat(db.requestLogs().get(ours).headers()).containsEntry("Host", List.of("a", "b,\"c\""));
        assertThat(db.requestLogs().get(theirs.get(0)).headers()).containsEntry("Host", List.of("x"))
                .containsEntry("N", List.of("5")).containsEntry("Z", List.of()).containsEntry("L", List.of("1", "", "s"));
        assertThat(db.requestLogs().get(theirs.get(1)).headers()).isEmpty();
        assertThat(db.requestLogs().get(theirs.get(2)).headers()).isEmpty();

        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        db.requestLogs().export(LogFilter.builder().oldestFirst().build(), ExportFormat.CSV_RAW, csv);
        String text = csv.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("\"{\"\"Host\"\":[\"\"a\"\",\"\"b,\\\"\"c\\\"\"\"\"]}\"")
                .contains("\"{\"\"Host\"\":[\"\"x\"\"],\"\"N\"\":[\"\"5\"\"],\"\"Z\"\":[],\"\"L\"\":[\"\"1\"\",\"\"\"\",\"\"s\"\"]}\"")
                .doesNotContain("not json").doesNotContain("pretty\"\":\n");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB", "MYSQL"})
    void moreRowsThanAnyFetchComeOutOnceEachInTheFiltersOrder(DbTarget target) throws Exception {
        MockLoopDb db = TestDatabase.fresh(target);
        Instant t = Instant.parse("2026-02-03T00:00:00Z");
        List<RequestLog> logs = new ArrayList<>();
        for (int i = 0; i < 2_600; i++) {
            logs.add(RequestLog.builder("GET", "/n/" + i, 200).timestamp(t.plusMillis(i / 3)).serverId("s" + i % 2)
                    .headers(Map.of("X-I", List.of(String.valueOf(i)))).build());
        }
        db.requestLogs().appendAll(logs);
        LogFilter oneServer = LogFilter.builder().server("s1").build(); // newest first
        ByteArrayOutputStream nd = new ByteArrayOutputStream();
        assertThat(db.requestLogs().export(oneServer, ExportFormat.NDJSON, nd)).isEqualTo(1_300);
        List<Long> exported = new ArrayList<>();
        for (String line : nd.toString(StandardCharsets.UTF_8).split("\n")) {
            exported.add(JSON.readTree(line).get("id").asLong());
        }
        List<Long> listed = db.requestLogs().list(oneServer, 5_000).stream().map(l -> l.id().orElseThrow()).toList();
        assertThat(exported).hasSize(1_300).doesNotHaveDuplicates().isEqualTo(listed);
    }

    private static Map<String, List<String>> multiMap(JsonNode node) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            List<String> values = new ArrayList<>();
            e.getValue().forEach(v -> values.add(v.asText()));
            out.put(e.getKey(), values);
        });
        return out;
    }
}
