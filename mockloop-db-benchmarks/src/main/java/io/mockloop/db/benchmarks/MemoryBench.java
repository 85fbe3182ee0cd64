package io.mockloop.db.benchmarks;

import io.mockloop.db.log.LogWriter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.WriterSettings;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Part 8: heap held per log waiting in the async writer's queue. The writer's SQLite file is write-locked by a raw
 * connection ({@code BEGIN IMMEDIATE}) so nothing drains; {@code n} logs are built inside the loop from fresh copies
 * of the benchmark's row values (as a host builds one per request, so the queue holds the only reference) and
 * enqueued; the heap after a full GC, less the heap before, divided by {@code n}, is the figure. The payload alone
 * (the characters of every string in the log; Java holds Latin-1 text in one byte each) is reported beside it.
 */
final class MemoryBench implements Part {

    static final String SECTION = "8. Memory: heap per log queued in the async writer";

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public void run(Profile p, Report report) throws Exception {
        int n = p.memoryLogs();
        report.note(SECTION, String.format(java.util.Locale.ROOT, "%,d logs of the ingest rows' shape per "
                + "repetition, SQLite file; writer capacity %,d, batches of 1,000 (one batch is taken from the queue "
                + "and waits on the lock, and is counted: it is held as well).", n, n + 1_000));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        Stats perLog = new Stats();
        Stats payload = new Stats();
        for (int rep = 0; rep < p.memoryReps(); rep++) {
            List<RawRow> rows = Rows.ingest(n, 300 + rep, Instant.now());
            try (BenchDb bdb = BenchDb.create(BenchDb.Kind.SQLITE_FILE); Connection lock = bdb.raw()) {
                WriterSettings settings = new WriterSettings(n + 1_000, 1_000, WriterSettings.DEFAULTS.linger(),
                        WriterSettings.DEFAULTS.overflow(), WriterSettings.DEFAULTS.policy(),
                        WriterSettings.DEFAULTS.initialBackoff(), WriterSettings.DEFAULTS.maxBackoff(),
                        WriterSettings.DEFAULTS.closeTimeout(), WriterSettings.DEFAULTS.capacityBytes());
                try (LogWriter w = bdb.db.requestLogs().openWriter(settings)) {
                    try (Statement st = lock.createStatement()) {
                        st.execute("BEGIN IMMEDIATE");
                    }
                    long before = usedAfterGc(memory);
                    long chars = 0;
                    for (RawRow r : rows) {
                        RequestLog log = fresh(r);
                        chars += chars(log);
                        w.enqueue(log);
                    }
                    long after = usedAfterGc(memory);
                    perLog.add((after - before) / (double) n);
                    payload.add(chars / (double) n);
                    try (Statement st = lock.createStatement()) {
                        st.execute("ROLLBACK");
                    }
                    w.flush();
                }
            }
            Benchmarks.log("  rep %d: %.0f B per queued log", rep + 1, perLog.values().get(rep));
        }
        report.add(SECTION, "heap per queued log", "B", perLog, Target.atMost(2048, "≤ 2 KB"), null);
        report.add(SECTION, "of which the log's characters (one byte each for Latin-1 text)", "B", payload,
                "context");
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** A log built from fresh copies of every value, as a host builds one per request. */
    private static RequestLog fresh(RawRow r) {
        return RequestLog.builder(copy(r.method()), copy(r.path()), r.responseStatus())
                .timestamp(r.timestamp())
                .queryParams(copy(r.queryParams()))
                .headers(copy(r.headers()))
                .requestBody(copy(r.requestBody()))
                .responseHeaders(copy(r.responseHeaders()))
                .responseBody(copy(r.responseBody()))
                .responseTimeMs(r.responseTimeMs())
                .serverId(copy(r.serverId()))
                .clientIp(copy(r.clientIp()))
                .userAgent(copy(r.userAgent()))
                .requestId(copy(r.requestId()))
                .scenarioName(copy(r.scenarioName()))
                .build();
    }

    private static String copy(String s) {
        return s == null ? null : new String(s.toCharArray());
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> m) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(copy(k), v.stream().map(MemoryBench::copy).toList()));
        return out;
    }

    private static long chars(RequestLog l) {
        long n = len(l.method()) + len(l.path()) + len(l.requestBody()) + len(l.responseBody()) + len(l.serverId())
                + len(l.clientIp()) + len(l.userAgent()) + len(l.requestId()) + len(l.scenarioName());
        Map<String, Map<String, List<String>>> maps = new HashMap<>();
        maps.put("q", l.queryParams());
        maps.put("h", l.headers());
        maps.put("r", l.responseHeaders());
        for (Map<String, List<String>> m : maps.values()) {
            for (Map.Entry<String, List<String>> e : m.entrySet()) {
                n += len(e.getKey());
                for (String v : e.getValue()) {
                    n += len(v);
                }
            }
        }
        return n;
    }

    private static long len(String s) {
        return s == null ? 0 : s.length();
    }
}
