package io.mockloop.db.benchmarks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One request log as plain values, shared by every side of a comparison (the library and raw JDBC). */
record RawRow(Instant timestamp, String method, String path, Map<String, List<String>> queryParams,
              Map<String, List<String>> headers, String requestBody, int responseStatus,
              Map<String, List<String>> responseHeaders, String responseBody, Integer responseTimeMs,
              String serverId, String clientIp, String userAgent, String requestId, String scenarioName) {
}
