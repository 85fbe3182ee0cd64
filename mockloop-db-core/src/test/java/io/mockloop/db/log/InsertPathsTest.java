package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every insert path writes the same row: the single append, {@code appendAll} (JDBC batches; COPY on PostgreSQL) and
 * the async writer (COPY on PostgreSQL too), with text that COPY's format must escape (tab, newline, carriage
 * return, backslash, a literal {@code \N}, which is not NULL), non-ASCII and astral characters, empty strings beside
 * NULLs, a redacted header in odd case, the unmatched mark, and a log without a time; read back, all three rows
 * equal the first in every column but the id and the times the database gave them.
 */
class InsertPathsTest {

    private static final String HOSTILE = "tab\there\nnew line\r\nCRLF back\\slash \\N not null ünïcödé 😀 \"q\" ,;";

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void theSingleAppendTheBatchAndTheWriterStoreTheSameRow(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        Instant at = Instant.parse("2026-03-04T05:06:07.891Z");
        List<Long> ids = new ArrayList<>();
        ids.add(db.requestLogs().append(log(at)).orElseThrow());
        db.requestLogs().appendAll(List.of(log(at)));
        try (LogWriter w = db.requestLogs().openWriter(WriterSettings.DEFAULTS)) {
            w.enqueue(log(at));
            w.flush();
        }
        List<RequestLog> rows = db.requestLogs().list(LogFilter.builder().oldestFirst().build(), 10);
        assertThat(rows).hasSize(3);
        RequestLog first = rows.get(0);
        assertThat(first.id()).hasValue(ids.get(0));
        assertThat(first.path()).isEqualTo("/pets/" + "ü😀");
        assertThat(first.requestBody()).isEqualTo(HOSTILE);
        assertThat(first.responseBody()).isEmpty();
        assertThat(first.userAgent()).isNull();
        assertThat(first.headers()).containsEntry("X-Note", List.of(HOSTILE, ""))
                .containsEntry("aUtHoRiZaTiOn", List.of(LogPolicy.REDACTED));
        assertThat(first.queryParams()).containsEntry("q", List.of("a\tb"));
        assertThat(first.unmatched()).isTrue();
        assertThat(first.timestamp()).isEqualTo(at);
        for (RequestLog other : rows.subList(1, 3)) {
            assertThat(comparable(other)).isEqualTo(comparable(first));
        }

        // a log without a time gets the time it is written, on every path
        Instant before = Instant.now().minusSeconds(5);
        db.requestLogs().appendAll(List.of(RequestLog.builder("GET", "/now", 200).build()));
        try (LogWriter w = db.requestLogs().openWriter(WriterSettings.DEFAULTS)) {
            w.enqueue(RequestLog.builder("GET", "/now", 200).build());
            w.flush();
        }
        List<RequestLog> now = db.requestLogs().list(LogFilter.builder().path("/now").build(), 10);
        assertThat(now).hasSize(2).allSatisfy(l -> assertThat(l.timestamp()).isAfter(before)
                .isBefore(Instant.now().plusSeconds(5)));
    }

    private static List<Object> comparable(RequestLog l) {
        return List.of(l.timestamp(), l.method(), l.path(), l.queryParams(), l.headers(), l.requestBody(),
                l.responseStatus(), l.responseHeaders(), l.responseBody(), String.valueOf(l.responseTimeMs()),
                String.valueOf(l.serverId()), String.valueOf(l.clientIp()), String.valueOf(l.userAgent()),
                String.valueOf(l.requestId()), String.valueOf(l.scenarioName()), l.unmatched());
    }

    private static RequestLog log(Instant at) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("X-Note", List.of(HOSTILE, ""));
        headers.put("aUtHoRiZaTiOn", List.of("Bearer secret"));
        return RequestLog.builder("POST", "/pets/ü😀", 201)
                .timestamp(at)
                .headers(headers)
                .queryParams(Map.of("q", List.of("a\tb")))
                .requestBody(HOSTILE)
                .responseHeaders(Map.of("Content-Type", List.of("application/json")))
                .responseBody("")
                .responseTimeMs(0)
                .serverId("petstore")
                .clientIp("::1")
                .requestId("r\\1")
                .scenarioName("happy\tpath")
                .unmatched(true)
                .build();
    }
}
