package io.mockloop.db.internal.log;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;

import io.mockloop.db.internal.jooq.generated.tables.RequestLogs;
import io.mockloop.db.internal.scenario.JooqScenarioStore;
import io.mockloop.db.internal.scenario.PathShapes;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.UnmatchedRequest;
import io.mockloop.db.scenario.Scenario;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.impl.DSL;

/**
 * Gathers what the HTML traffic report shows ({@link ReportHtml} draws it) without holding the selected rows: totals
 * are aggregated by the database, unmatched requests grouped by {@link LogStatistics#listUnmatched}; time
 * buckets, scenario changes and per-endpoint figures are counted while (timestamp, status, server, scenario, method,
 * path, time) rows stream past in timestamp order; exact percentiles of the few endpoints shown are picked by rank
 * while their response times stream past in ascending order. An endpoint is a method and a path shape
 * ({@link PathShapes}: {@code /pets/42} counts as {@code /pets/{id}}), as unmatched requests and frozen traffic are
 * grouped. Memory grows with endpoints, buckets and scenario changes, not with rows. Every pass reads only rows up
 * to the largest id seen by the first,
 * so logs appended meanwhile do not make the figures disagree. Not thread-safe (one per report).
 */
final class TrafficReport {

    /** Endpoints in the latency and error-rate charts (the busiest). */
    static final int BUSIEST = 15;
    /** Endpoints in the slowest and most-failing tables. */
    static final int TOP = 10;
    /** Scenario changes listed; more are counted. */
    static final int MAX_SEGMENTS = 200;
    /** Unmatched request groups listed. */
    static final int UNMATCHED = 15;
    /** Most time buckets in the requests-over-time chart. */
    static final int MAX_BUCKETS = 60;

    private static final RequestLogs RL = REQUEST_LOGS;
    private static final long[] NICE_WIDTHS_SECONDS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600,
        7200, 10800, 21600, 43200, 86400, 172800, 604800, 1209600, 2592000, 7776000, 31536000};

    private final LogAccess access;
    private final LogStatistics statistics;
    private final LogFilter filter;

    TrafficReport(LogAccess access, LogStatistics statistics, LogFilter filter) {
        this.access = access;
        this.statistics = statistics;
        this.filter = filter;
    }

    /** One endpoint's figures. Percentiles are 0 until picked (and when it has no timed request). */
    record Endpoint(String method, String path, long count, long errors, long timed, double avgMs, long maxMs,
                    double p50Ms, double p95Ms, double p99Ms) {
        double errorRate() {
            return count == 0 ? 0 : (double) errors / count;
        }

        String key() {
            return method + '\u0000' + path;
        }

        Endpoint withPercentiles(double p50, double p95, double p99) {
            return new Endpoint(method, path, count, errors, timed, avgMs, maxMs, p50, p95, p99);
        }
    }

    /** A run of consecutive requests of one server served under one scenario (null: none recorded). */
    record Segment(String serverId, String scenario, Instant from, Instant to, long requests) {
    }

    /** A server's active scenario now, and when it last changed (its activation, or a later edit). */
    record Active(String serverId, String scenario, Instant since) {
    }

    /** Everything the page shows. {@code buckets[i][c]}: requests in bucket i with status class c+1 (1xx..5xx). */
    record Model(LogFilter filter, Instant generatedAt, long total, long errors, Instant first, Instant last,
                 Duration bucketWidth, Instant bucketStart, long[][] buckets, long endpoints, List<Endpoint> busiest,
                 List<Endpoint> slowest, List<Endpoint> failing, List<Segment> segments, long segmentsNotShown,
                 List<Active> active, List<UnmatchedRequest> unmatched) {
    }

    long write(OutputStream out) {
        Model m = gather();
        ReportHtml.write(m, out);
        return m.total();
    }

    Model gather() {
        Instant now = Instant.now();
        Condition base = Filters.where(filter, access.context().type());
        Record totals = access.read("total the report's request logs", filter, (c, dsl) -> dsl
                .select(DSL.count(), DSL.max(RL.ID), DSL.min(RL.TIMESTAMP), DSL.max(RL.TIMESTAMP),
                        DSL.sum(DSL.when(RL.RESPONSE_STATUS.ge(400), 1).otherwise(0)))
                .from(RL).where(base).fetchOne());
        long total = totals.get(0, Long.class);
        if (total == 0) {
            return new Model(filter, now, 0, 0, null, null, null, null, new long[0][], 0, List.of(), List.of(),
                    List.of(), List.of(), 0, List.of(), List.of());
        }
        long ceiling = totals.get(1, Long.class);
        Instant first = totals.get(2, Instant.class);
        Instant last = totals.get(3, Instant.class);
        long errors = totals.get(4, Long.class);
        Condition where = base.and(RL.ID.le(ceiling));

        Duration width = bucketWidth(Duration.between(first, last));
        long w = width.toMillis();
        Instant bucketStart = Instant.ofEpochMilli(Math.floorDiv(first.toEpochMilli(), w) * w);
        int n = (int) ((last.toEpochMilli() - bucketStart.toEpochMilli()) / w) + 1;

        Timeline timeline = access.read("count the report's requests over time", filter, (c, dsl) -> {
            Timeline t = new Timeline(bucketStart.toEpochMilli(), w, n);
            try (Cursor<? extends Record> cur = dsl.select(RL.TIMESTAMP, RL.RESPONSE_STATUS, RL.SERVER_ID,
                    RL.SCENARIO_NAME, RL.METHOD, RL.PATH, RL.RESPONSE_TIME_MS).from(RL).where(where)
                    .orderBy(RL.TIMESTAMP, RL.ID).fetchSize(1_000).fetchLazy()) {
                for (Record r : cur) {
                    t.add(r.get(RL.TIMESTAMP), r.get(RL.RESPONSE_STATUS), r.get(RL.SERVER_ID),
                            r.get(RL.SCENARIO_NAME), r.get(RL.METHOD), r.get(RL.PATH), r.get(RL.RESPONSE_TIME_MS));
                }
            }
            t.finish();
            return t;
        });

        Tops tops = new Tops();
        timeline.endpoints.values().forEach(a -> tops.add(a.endpoint()));

        Map<String, Endpoint> shown = new LinkedHashMap<>();
        for (Endpoint e : tops.all()) {
            shown.putIfAbsent(e.key(), e);
        }
        Map<String, double[]> percentiles = percentiles(where, new ArrayList<>(shown.values()));
        Map<String, Endpoint> withPercentiles = new HashMap<>();
        shown.forEach((k, e) -> {
            double[] p = percentiles.getOrDefault(k, new double[3]);
            withPercentiles.put(k, e.withPercentiles(p[0], p[1], p[2]));
        });
        java.util.function.Function<List<Endpoint>, List<Endpoint>> resolve = l -> l.stream()
                .map(e -> withPercentiles.get(e.key())).toList();

        return new Model(filter, now, total, errors, first, last, width, bucketStart, timeline.buckets,
                tops.endpoints, resolve.apply(tops.busiest()), resolve.apply(tops.slowest()),
                resolve.apply(tops.failing()), List.copyOf(timeline.segments), timeline.segmentsNotShown,
                active(timeline.servers), statistics.listUnmatched(filter, UNMATCHED));
    }

    /** The smallest round width giving at most {@value #MAX_BUCKETS} buckets over {@code span}. */
    static Duration bucketWidth(Duration span) {
        long ms = Math.max(1, span.toMillis());
        for (long s : NICE_WIDTHS_SECONDS) {
            if (ms / (s * 1000) < MAX_BUCKETS) {
                return Duration.ofSeconds(s);
            }
        }
        long days = ms / 86_400_000L / (MAX_BUCKETS - 1) + 1;
        return Duration.ofDays(days);
    }

    /**
     * The exact p50/p95/p99 (see {@link io.mockloop.db.log.EndpointStats}) of each endpoint, picked by rank from its
     * response times read in ascending order: every endpoint's times arrive sorted, whatever the others do.
     */
    private Map<String, double[]> percentiles(Condition where, List<Endpoint> endpoints) {
        List<Endpoint> timed = endpoints.stream().filter(e -> e.timed() > 0).toList();
        if (timed.isEmpty()) {
            return Map.of();
        }
        return access.read("pick the report's percentiles", filter, (c, dsl) -> {
            Map<String, Ranks> ranks = new HashMap<>();
            java.util.Set<String> methods = new java.util.TreeSet<>();
            for (Endpoint e : timed) {
                ranks.put(e.key(), new Ranks(e.timed()));
                methods.add(e.method());
            }
            try (Cursor<Record3<String, String, Integer>> cur = dsl.select(RL.METHOD, RL.PATH, RL.RESPONSE_TIME_MS)
                    .from(RL).where(where).and(RL.RESPONSE_TIME_MS.isNotNull()).and(RL.METHOD.in(methods))
                    .orderBy(RL.RESPONSE_TIME_MS).fetchSize(1_000).fetchLazy()) {
                for (Record3<String, String, Integer> r : cur) {
                    Ranks k = ranks.get(r.value1() + '\u0000' + PathShapes.shape(r.value2()));
                    if (k != null) {
                        k.add(r.value3());
                    }
                }
            }
            Map<String, double[]> out = new HashMap<>();
            ranks.forEach((key, k) -> out.put(key, new double[] {k.value(0.50), k.value(0.95), k.value(0.99)}));
            return out;
        });
    }

    private List<Active> active(TreeSet<String> servers) {
        List<String> ids = new ArrayList<>(servers);
        if (filter.serverId() != null && !ids.contains(filter.serverId())) {
            ids.add(filter.serverId());
        }
        JooqScenarioStore scenarios = new JooqScenarioStore(access.context());
        List<Active> out = new ArrayList<>();
        for (String id : ids.subList(0, Math.min(ids.size(), 50))) {
            Optional<Scenario> s = scenarios.active(id);
            s.ifPresent(a -> out.add(new Active(id, a.name(), a.updatedAt())));
        }
        return out;
    }

    /** Keeps the values at the ranks three percentiles need, for n values arriving in ascending order. */
    private static final class Ranks {
        private final long n;
        private final TreeMap<Long, Long> wanted = new TreeMap<>();
        private long seen;
        private long lastValue;

        Ranks(long n) {
            this.n = n;
            for (double p : new double[] {0.50, 0.95, 0.99}) {
                long lo = (long) Math.floor(p * (n - 1));
                wanted.put(lo, null);
                wanted.put(Math.min(n - 1, lo + 1), null);
            }
        }

        void add(long value) {
            if (wanted.containsKey(seen)) {
                wanted.put(seen, value);
            }
            lastValue = value;
            seen++;
        }

        /** As {@link Percentiles#cont}; a rank not reached (rows deleted meanwhile) takes the last value seen. */
        double value(double p) {
            double rank = p * (n - 1);
            long lo = (long) Math.floor(rank);
            long hi = Math.min(n - 1, lo + 1);
            long a = Objects.requireNonNullElse(wanted.get(lo), lastValue);
            long b = Objects.requireNonNullElse(wanted.get(hi), lastValue);
            return a + (rank - lo) * (b - a);
        }
    }

    /** Requests per bucket and status class, and scenario changes per server, from rows in timestamp order. */
    private static final class Timeline {
        final long start;
        final long width;
        final long[][] buckets;
        final List<Segment> segments = new ArrayList<>();
        final TreeSet<String> servers = new TreeSet<>();
        long segmentsNotShown;
        /** Per endpoint (method and path shape): its running figures. */
        final Map<String, Agg> endpoints = new HashMap<>();
        /** Per server (null key: logs without a server): the open segment. */
        private final Map<String, Segment> open = new HashMap<>();

        Timeline(long start, long width, int n) {
            this.start = start;
            this.width = width;
            this.buckets = new long[n][5];
        }

        void add(Instant ts, Integer status, String server, String scenario, String method, String path,
                 Integer time) {
            String shape = PathShapes.shape(path);
            endpoints.computeIfAbsent(method + '\u0000' + shape, k -> new Agg(method, shape)).add(status, time);
            int i = (int) Math.min(buckets.length - 1, Math.max(0, (ts.toEpochMilli() - start) / width));
            int cls = status == null ? 4 : Math.min(5, Math.max(1, status / 100)) - 1;
            buckets[i][cls]++;
            if (server != null) {
                servers.add(server);
            }
            Segment s = open.get(server);
            if (s != null && Objects.equals(s.scenario(), scenario)) {
                open.put(server, new Segment(server, scenario, s.from(), ts, s.requests() + 1));
                return;
            }
            if (s != null) {
                close(s);
            }
            open.put(server, new Segment(server, scenario, ts, ts, 1));
        }

        private void close(Segment s) {
            if (segments.size() < MAX_SEGMENTS) {
                segments.add(s);
            } else {
                segmentsNotShown++;
            }
        }

        void finish() {
            open.values().stream().sorted(Comparator.comparing(Segment::from)).forEach(this::close);
            open.clear();
            segments.sort(Comparator.comparing((Segment s) -> s.serverId() == null ? "" : s.serverId())
                    .thenComparing(Segment::from));
        }
    }

    /** One endpoint's running count, errors, timed count, sum and largest time. */
    private static final class Agg {
        final String method;
        final String shape;
        long count;
        long errors;
        long timed;
        long sum;
        long max;

        Agg(String method, String shape) {
            this.method = method;
            this.shape = shape;
        }

        void add(Integer status, Integer time) {
            count++;
            if (status != null && status >= 400) {
                errors++;
            }
            if (time != null) {
                timed++;
                sum += time;
                max = Math.max(max, time);
            }
        }

        Endpoint endpoint() {
            return new Endpoint(method, shape, count, errors, timed, timed == 0 ? 0 : (double) sum / timed, max, 0, 0,
                    0);
        }
    }

    /** The busiest, slowest and most failing endpoints seen, {@value #TOP} or {@value #BUSIEST} of each. */
    private static final class Tops {
        long endpoints;
        private final PriorityQueue<Endpoint> busiest = new PriorityQueue<>(BY_COUNT);
        private final PriorityQueue<Endpoint> slowest = new PriorityQueue<>(BY_AVG);
        private final PriorityQueue<Endpoint> failing = new PriorityQueue<>(BY_ERRORS);

        private static final Comparator<Endpoint> BY_NAME = Comparator.comparing(Endpoint::path)
                .thenComparing(Endpoint::method).reversed();
        private static final Comparator<Endpoint> BY_COUNT = Comparator.comparingLong(Endpoint::count)
                .thenComparing(BY_NAME);
        private static final Comparator<Endpoint> BY_AVG = Comparator.comparingDouble(Endpoint::avgMs)
                .thenComparingLong(Endpoint::maxMs).thenComparing(BY_NAME);
        private static final Comparator<Endpoint> BY_ERRORS = Comparator.comparingLong(Endpoint::errors)
                .thenComparingDouble(Endpoint::errorRate).thenComparing(BY_NAME);

        void add(Endpoint e) {
            endpoints++;
            keep(busiest, e, BUSIEST);
            if (e.timed() > 0) {
                keep(slowest, e, TOP);
            }
            if (e.errors() > 0) {
                keep(failing, e, TOP);
            }
        }

        private static void keep(PriorityQueue<Endpoint> q, Endpoint e, int max) {
            q.add(e);
            if (q.size() > max) {
                q.poll(); // the smallest goes
            }
        }

        List<Endpoint> busiest() {
            return desc(busiest, BY_COUNT);
        }

        List<Endpoint> slowest() {
            return desc(slowest, BY_AVG);
        }

        List<Endpoint> failing() {
            return desc(failing, BY_ERRORS);
        }

        List<Endpoint> all() {
            List<Endpoint> all = new ArrayList<>(busiest());
            all.addAll(slowest());
            all.addAll(failing());
            return all;
        }

        private static List<Endpoint> desc(PriorityQueue<Endpoint> q, Comparator<Endpoint> order) {
            List<Endpoint> l = new ArrayList<>(q);
            l.sort(order.reversed());
            return l;
        }
    }
}
