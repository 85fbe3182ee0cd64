package io.mockloop.db.benchmarks;

import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.LogPage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Part 3: query costs through the library at several table sizes (SQLite file and PostgreSQL): latest page,
 * latest page of one server, a filtered page, the page at 50 % depth against the first page, counts, the summary
 * and per-endpoint percentiles over one server-day. Queries rotate their order every repetition.
 */
final class QueryBench implements Part {

    static final String SECTION = "3. Queries";
    static final Instant END = Instant.parse("2026-11-29T00:00:00Z");

    @Override
    public String name() {
        return "queries";
    }

    @Override
    public void run(Profile p, Report report) throws Exception {
        report.note(SECTION, "Data: rows over 30 days (ids ascending with time), 10 servers, 50 paths, GET 60 / POST 25 "
                + "/ PUT 8 / DELETE 5 / PATCH 2 %, 95 % 2xx and 5 % 4xx/5xx, log-normal response times; realistic "
                + "payloads; loaded through `appendAll`, then `maintenance().analyze()`. Pages are 100 rows, newest "
                + "first, read through `page(filter, 100, cursor)` (keyset). The deep page starts at the cursor after "
                + "half of the rows (reached untimed). Each query runs three times untimed, then once per repetition.");
        List<BenchDb.Kind> kinds = new ArrayList<>(List.of(BenchDb.Kind.SQLITE_FILE));
        if (!Benchmarks.skipServers) {
            kinds.add(BenchDb.Kind.POSTGRESQL);
        }
        for (BenchDb.Kind kind : kinds) {
            for (int rows : p.queryRows()) {
                Benchmarks.log("queries on %s, %,d rows", kind.label, rows);
                try (BenchDb bdb = BenchDb.create(kind)) {
                    runOn(bdb, rows, p, report);
                } catch (Exception e) {
                    Benchmarks.log("queries on %s failed: %s", kind.label, e);
                    report.error(SECTION + " (" + kind.label + ", " + rows + ")", e);
                }
            }
        }
    }

    private record Query(String name, LongSupplier run) {
    }

    private static String size(int rows) {
        return rows >= 1_000_000 ? rows / 1_000_000 + "M" : rows / 1_000 + "k";
    }

    private static void runOn(BenchDb bdb, int rows, Profile p, Report report) {
        var logs = bdb.db.requestLogs();
        long t0 = System.nanoTime();
        Rows.Dataset data = new Rows.Dataset(rows, 11, END, Duration.ofDays(30));
        for (List<RawRow> part = data.next(20_000); !part.isEmpty(); part = data.next(20_000)) {
            LogRows.appendAll(bdb.db, LogRows.of(part));
        }
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        bdb.db.maintenance().analyze();
        String label = bdb.kind.label + ", " + size(rows);
        report.add(SECTION, label + ": load through appendAll (context)", "rows/s",
                new Stats().add(rows / loadSeconds), "one load; not a comparison");

        LogFilter all = LogFilter.ALL;
        LogFilter oneServer = LogFilter.builder().server(Rows.server(3)).build();
        LogFilter filtered = LogFilter.builder().server(Rows.server(3)).methods("POST").statusClass(5)
                .from(END.minus(Duration.ofDays(7))).to(END).build();
        LogFilter serverDay = LogFilter.builder().server(Rows.server(3)).from(END.minus(Duration.ofDays(2)))
                .to(END.minus(Duration.ofDays(1))).build();
        String deepCursor = cursorAt(logs, all, rows / 2);

        List<Query> queries = List.of(
                new Query("first (latest) page", () -> logs.page(all, 100).items().size()),
                new Query("page at depth 50 %", () -> logs.page(all, 100, deepCursor).items().size()),
                new Query("latest page of one server", () -> logs.page(oneServer, 100).items().size()),
                new Query("filtered page (server + POST + 5xx + 7 days)", () -> logs.page(filtered, 100).items().size()),
                new Query("count, all rows", () -> logs.count(all)),
                new Query("count, filtered", () -> logs.count(filtered)),
                new Query("summary, all rows (per server, day, method)", () -> logs.summary().size()),
                new Query("endpoint stats p50/p95/p99, one server-day", () -> logs.endpointStats(serverDay).size()));
        List<Stats> stats = new ArrayList<>();
        long sink = 0;
        for (Query q : queries) {
            stats.add(new Stats());
        }
        for (int warm = 0; warm < 3; warm++) {
            for (Query q : queries) {
                sink += q.run().getAsLong();
            }
        }
        Stats deepOverFirst = new Stats();
        for (int rep = 0; rep < p.queryReps(); rep++) {
            double[] ms = new double[queries.size()];
            for (int k = 0; k < queries.size(); k++) {
                int i = (k + rep) % queries.size();
                long s = System.nanoTime();
                sink += queries.get(i).run().getAsLong();
                ms[i] = (System.nanoTime() - s) / 1e6;
                stats.get(i).add(ms[i]);
            }
            deepOverFirst.add(ms[1] / ms[0]);
        }
        for (int i = 0; i < queries.size(); i++) {
            report.add(SECTION, label + ": " + queries.get(i).name(), "ms", stats.get(i), null);
        }
        report.add(SECTION, label + ": page at depth 50 % ÷ first page", "×", deepOverFirst,
                Target.atMost(2, "≤ 2×"), "per-rep ratio");
        if (sink == 42) {
            Benchmarks.log("");
        }
        Benchmarks.log("  %s: %s rows, filtered count %d", label, String.format(Locale.ROOT, "%,d", rows),
                logs.count(filtered));
    }

    /** Walks pages (untimed) to the cursor that starts {@code depth} rows into {@code filter}'s order. */
    private static String cursorAt(io.mockloop.db.log.RequestLogStore logs, LogFilter filter, int depth) {
        String cursor = null;
        int done = 0;
        while (done < depth) {
            int size = Math.min(10_000, depth - done);
            LogPage page = cursor == null ? logs.page(filter, size) : logs.page(filter, size, cursor);
            done += page.items().size();
            cursor = page.nextCursor().orElseThrow(() -> new IllegalStateException("ran out of rows before depth"));
        }
        return cursor;
    }
}
