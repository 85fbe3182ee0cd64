package io.mockloop.db.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Deterministic request logs of realistic size: request headers ~400 B, request body ~300 B, response headers
 * ~200 B, response body ~500 B (JSON-encoded sizes), a small query string and a user agent. Thread-safe (no state).
 */
final class Rows {

    static final int SERVERS = 10;
    static final int PATHS = 50;
    private static final int VARIANTS = 64;
    private static final String[] WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike "
            + "november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu").split(" ");
    private static final String UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/120.0.0.0 Safari/537.36";

    private static final List<Map<String, List<String>>> HEADERS = new ArrayList<>();
    private static final List<Map<String, List<String>>> RESPONSE_HEADERS = new ArrayList<>();
    private static final List<String> REQUEST_BODIES = new ArrayList<>();
    private static final List<String> RESPONSE_BODIES = new ArrayList<>();

    static {
        Random r = new Random(42);
        for (int i = 0; i < VARIANTS; i++) {
            String id = hex(r, 32);
            Map<String, List<String>> h = new LinkedHashMap<>();
            h.put("Host", List.of("api.example.test:8080"));
            h.put("User-Agent", List.of(UA));
            h.put("Accept", List.of("application/json"));
            h.put("Accept-Encoding", List.of("gzip, deflate, br"));
            h.put("Content-Type", List.of("application/json"));
            h.put("Content-Length", List.of("312"));
            h.put("X-Request-Id", List.of(id));
            h.put("X-Forwarded-For", List.of("10.0." + r.nextInt(256) + "." + r.nextInt(256)));
            h.put("Authorization", List.of("Bearer " + hex(r, 40)));
            HEADERS.add(h);
            Map<String, List<String>> rh = new LinkedHashMap<>();
            rh.put("Content-Type", List.of("application/json; charset=utf-8"));
            rh.put("Content-Length", List.of("498"));
            rh.put("Date", List.of("Sun, 29 Nov 2026 23:00:00 GMT"));
            rh.put("X-Request-Id", List.of(id));
            rh.put("Cache-Control", List.of("no-store"));
            RESPONSE_HEADERS.add(rh);
            REQUEST_BODIES.add(json(r, 300));
            RESPONSE_BODIES.add(json(r, 500));
        }
    }

    private Rows() {
    }

    private static String hex(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(Character.forDigit(r.nextInt(16), 16));
        }
        return b.toString();
    }

    private static String json(Random r, int size) {
        StringBuilder b = new StringBuilder(size + 40).append('{');
        int k = 0;
        while (b.length() < size - 30) {
            if (k > 0) {
                b.append(',');
            }
            b.append("\"f").append(k++).append("\":\"").append(WORDS[r.nextInt(WORDS.length)]).append(' ')
                    .append(WORDS[r.nextInt(WORDS.length)]).append(' ').append(r.nextInt(100_000)).append('"');
        }
        return b.append('}').toString();
    }

    static String server(int i) {
        return "srv-" + i;
    }

    static String path(int i) {
        return "/api/v1/resource-" + (i % 10) + "/items/" + i;
    }

    /** {@code n} rows for ingest: one server, timestamps 1 ms apart from {@code base}. */
    static List<RawRow> ingest(int n, long seed, Instant base) {
        Random r = new Random(seed);
        List<RawRow> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(row(r, base.plusMillis(i), "GET", path(r.nextInt(PATHS)), 200, 5 + r.nextInt(40), server(0)));
        }
        return out;
    }

    /**
     * {@code n} rows spread evenly over {@code span} ending at {@code end} (ascending, as an append-only log):
     * 10 servers, 50 paths, GET 60 / POST 25 / PUT 8 / DELETE 5 / PATCH 2 %, 95 % 200/201 and 5 % 4xx/5xx,
     * log-normal response times (median ~20 ms).
     */
    static List<RawRow> dataset(int n, long seed, Instant end, Duration span) {
        return new Dataset(n, seed, end, span).next(n);
    }

    /** The rows of {@link #dataset} handed out in chunks, so that a million never sit in memory at once. */
    static final class Dataset {
        private final Random r;
        private final int n;
        private final Instant start;
        private final long stepNanos;
        private int i;

        Dataset(int n, long seed, Instant end, Duration span) {
            this.r = new Random(seed);
            this.n = n;
            this.start = end.minus(span);
            this.stepNanos = span.toNanos() / n;
        }

        /** @return the next up to {@code k} rows; empty when all {@code n} were handed out */
        List<RawRow> next(int k) {
            List<RawRow> out = new ArrayList<>(Math.min(k, n - i));
            for (; i < n && out.size() < k; i++) {
                int m = r.nextInt(100);
                String method = m < 60 ? "GET" : m < 85 ? "POST" : m < 93 ? "PUT" : m < 98 ? "DELETE" : "PATCH";
                int s = r.nextInt(1000);
                int status = s < 950 ? (method.equals("POST") ? 201 : 200)
                        : s < 975 ? (s % 2 == 0 ? 400 : 404) : (s % 2 == 0 ? 500 : 503);
                int rt = (int) Math.max(1, Math.round(Math.exp(Math.log(20) + 0.8 * r.nextGaussian())));
                Instant ts = start.plusNanos(stepNanos * i).truncatedTo(ChronoUnit.MILLIS);
                out.add(row(r, ts, method, path(r.nextInt(PATHS)), status, rt, server(r.nextInt(SERVERS))));
            }
            return out;
        }
    }

    private static RawRow row(Random r, Instant ts, String method, String path, int status, int rt, String server) {
        int v = r.nextInt(VARIANTS);
        return new RawRow(ts, method, path, Map.of("page", List.of(Integer.toString(r.nextInt(20))), "limit",
                List.of("50")), HEADERS.get(v), REQUEST_BODIES.get(v), status,
                RESPONSE_HEADERS.get(v), RESPONSE_BODIES.get(v), rt, server,
                "10.0." + r.nextInt(256) + "." + r.nextInt(256), UA, hex(r, 32), "default");
    }
}
