package io.mockloop.db.internal.log;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;
import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS_SUMMARY;

import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.TextRules;
import io.mockloop.db.internal.jooq.generated.tables.RequestLogs;
import io.mockloop.db.log.DailySummary;
import io.mockloop.db.log.EndpointStats;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.TimeBucket;
import io.mockloop.db.log.UnmatchedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.Record;
import org.jooq.Record4;
import org.jooq.impl.DSL;

/**
 * The request-log figures: the daily summary view, per-endpoint statistics, time buckets and the unmatched requests.
 * Percentiles are computed in Java ({@link Percentiles}) so that they are identical on every database. Stateless
 * apart from its access; thread-safe.
 */
final class LogStatistics {

    private static final RequestLogs RL = REQUEST_LOGS;

    private final LogAccess access;

    LogStatistics(LogAccess access) {
        this.access = access;
    }

    /** @param serverId only this server's rows, or {@code null} for every server */
    List<DailySummary> summary(String serverId) {
        var v = REQUEST_LOGS_SUMMARY;
        if (serverId != null) {
            TextRules.storable("serverId", serverId);
        }
        Condition where = serverId == null ? DSL.noCondition() : v.SERVER_ID.eq(serverId);
        return access.run("read request_logs_summary", c -> c.dsl().selectFrom(v).where(where)
                .orderBy(v.SERVER_ID, v.DATE, v.METHOD)
                .fetch(r -> new DailySummary(Optional.ofNullable(r.getServerId()), r.getDate(), r.getMethod(),
                        num(r.getRequestCount()),
                        r.getAvgResponseTime() == null ? OptionalDouble.empty()
                                : OptionalDouble.of(r.getAvgResponseTime().doubleValue()),
                        optionalNum(r.getMinResponseTime()), optionalNum(r.getMaxResponseTime()),
                        num(r.getErrorCount()), num(r.getSuccessCount()))));
    }

    private static OptionalLong optionalNum(Object o) {
        return o == null ? OptionalLong.empty() : OptionalLong.of(num(o));
    }

    private static long num(Object o) {
        if (o == null) {
            return 0;
        }
        if (o instanceof Number n) {
            return n.longValue();
        }
        return new java.math.BigDecimal(o.toString().trim()).longValue();
    }

    List<EndpointStats> endpointStats(LogFilter filter) {
        Objects.requireNonNull(filter, "filter");
        Condition where = Filters.where(filter, access.type());
        Map<String, Acc> groups = new TreeMap<>();
        access.read("compute endpoint statistics", filter, (c, dsl) -> {
            try (Cursor<Record4<String, String, Integer, Integer>> cur = dsl
                    .select(RL.METHOD, RL.PATH, RL.RESPONSE_STATUS, RL.RESPONSE_TIME_MS).from(RL).where(where)
                    .fetchSize(1_000).fetchLazy()) {
                for (Record4<String, String, Integer, Integer> r : cur) {
                    groups.computeIfAbsent(r.value1() + '\u0000' + r.value2(), k -> new Acc(r.value1(), r.value2()))
                            .add(r.value3(), r.value4());
                }
            }
            return null;
        });
        List<EndpointStats> out = new ArrayList<>(groups.size());
        for (Acc a : groups.values()) {
            long[] t = a.sortedTimes();
            if (t.length == 0) {
                out.add(new EndpointStats(a.method, a.path, a.count, a.errors, 0, OptionalDouble.empty(),
                        OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                        OptionalDouble.empty()));
                continue;
            }
            double sum = 0;
            for (long x : t) {
                sum += x;
            }
            out.add(new EndpointStats(a.method, a.path, a.count, a.errors, t.length, OptionalDouble.of(sum / t.length),
                    OptionalLong.of(t[0]), OptionalLong.of(t[t.length - 1]),
                    OptionalDouble.of(Percentiles.cont(t, 0.50)), OptionalDouble.of(Percentiles.cont(t, 0.95)),
                    OptionalDouble.of(Percentiles.cont(t, 0.99))));
        }
        return List.copyOf(out);
    }

    List<TimeBucket> timeBuckets(LogFilter filter, Duration bucket) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(bucket, "bucket");
        if (bucket.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ValidationException("bucket", "must be at least 1 second", bucket);
        }
        long width;
        try {
            width = bucket.toMillis();
        } catch (ArithmeticException e) {
            throw new ValidationException("bucket", "must be at most " + Long.MAX_VALUE + " ms", bucket);
        }
        Condition where = Filters.where(filter, access.type());
        Map<Long, Acc> buckets = new TreeMap<>();
        access.read("compute time buckets", filter, (c, dsl) -> {
            try (Cursor<? extends Record> cur = dsl.select(RL.TIMESTAMP, RL.RESPONSE_STATUS, RL.RESPONSE_TIME_MS)
                    .from(RL).where(where).fetchSize(1_000).fetchLazy()) {
                for (Record r : cur) {
                    long start = Math.floorDiv(r.get(RL.TIMESTAMP).toEpochMilli(), width) * width;
                    buckets.computeIfAbsent(start, k -> new Acc(null, null))
                            .add(r.get(RL.RESPONSE_STATUS), r.get(RL.RESPONSE_TIME_MS));
                }
            }
            return null;
        });
        List<TimeBucket> out = new ArrayList<>(buckets.size());
        buckets.forEach((start, a) -> {
            long[] t = a.sortedTimes();
            out.add(new TimeBucket(Instant.ofEpochMilli(start), a.count, a.errors,
                    t.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(Percentiles.cont(t, 0.95))));
        });
        return List.copyOf(out);
    }

    List<UnmatchedRequest> listUnmatched(LogFilter filter, int limit) {
        Objects.requireNonNull(filter, "filter");
        if (limit < 1 || limit > UnmatchedRequests.MAX_GROUPS) {
            throw new ValidationException("limit", "must be 1 to " + UnmatchedRequests.MAX_GROUPS, limit);
        }
        Condition where = Filters.where(filter, access.type()).and(RL.UNMATCHED.isTrue());
        return access.read("list unmatched requests", filter, (c, dsl) -> UnmatchedRequests.list(c, dsl, where, limit));
    }

    /** Accumulates one group's rows. */
    private static final class Acc {
        final String method;
        final String path;
        long count;
        long errors;
        long[] times = new long[16];
        int n;

        Acc(String method, String path) {
            this.method = method;
            this.path = path;
        }

        void add(Integer status, Integer time) {
            count++;
            if (status != null && status >= 400) {
                errors++;
            }
            if (time != null) {
                if (n == times.length) {
                    times = Arrays.copyOf(times, n * 2);
                }
                times[n++] = time;
            }
        }

        long[] sortedTimes() {
            long[] t = Arrays.copyOf(times, n);
            Arrays.sort(t);
            return t;
        }
    }
}
