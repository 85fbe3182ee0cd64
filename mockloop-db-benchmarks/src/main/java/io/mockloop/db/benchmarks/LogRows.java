package io.mockloop.db.benchmarks;

import io.mockloop.db.log.RequestLog;

import java.util.ArrayList;
import java.util.List;

/** Converts the shared {@link RawRow}s into the library's {@link RequestLog}s (before any timed loop). */
final class LogRows {

    private LogRows() {
    }

    static RequestLog of(RawRow r) {
        return RequestLog.builder(r.method(), r.path(), r.responseStatus())
                .timestamp(r.timestamp())
                .queryParams(r.queryParams())
                .headers(r.headers())
                .requestBody(r.requestBody())
                .responseHeaders(r.responseHeaders())
                .responseBody(r.responseBody())
                .responseTimeMs(r.responseTimeMs())
                .serverId(r.serverId())
                .clientIp(r.clientIp())
                .userAgent(r.userAgent())
                .requestId(r.requestId())
                .scenarioName(r.scenarioName())
                .build();
    }

    static List<RequestLog> of(List<RawRow> rows) {
        List<RequestLog> out = new ArrayList<>(rows.size());
        rows.forEach(r -> out.add(of(r)));
        return out;
    }

    /** Writes {@code logs} through {@code appendAll} in transactions of 1,000. */
    static void appendAll(io.mockloop.db.MockLoopDb db, List<RequestLog> logs) {
        for (int from = 0; from < logs.size(); from += RawJdbc.BATCH) {
            db.requestLogs().appendAll(logs.subList(from, Math.min(logs.size(), from + RawJdbc.BATCH)));
        }
    }
}
