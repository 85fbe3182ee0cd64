package io.mockloop.db.internal.log;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;

import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.internal.scenario.NearMisses;
import io.mockloop.db.internal.scenario.PathShapes;
import io.mockloop.db.log.UnmatchedRequest;
import io.mockloop.db.scenario.NearMiss;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record4;

/**
 * The grouping behind {@link io.mockloop.db.log.RequestLogStore#listUnmatched}: reads (server, method, path,
 * timestamp) of the marked rows and groups them in Java by server, method and {@link PathShapes#shape path shape},
 * so that the groups are the same on every database (no SQL regex dialect, no collation folding paths together).
 */
final class UnmatchedRequests {

    /** Most groups one call returns. */
    static final int MAX_GROUPS = 1_000;

    private record GroupKey(String serverId, String method, String shape) {
    }

    private static final class Group {
        final GroupKey key;
        long count;
        Instant first;
        Instant last;
        /** concrete path to the last time it was seen */
        final Map<String, Instant> paths = new HashMap<>();

        Group(GroupKey key) {
            this.key = key;
        }

        void add(String path, Instant ts) {
            count++;
            first = first == null || ts.isBefore(first) ? ts : first;
            last = last == null || ts.isAfter(last) ? ts : last;
            paths.merge(path, ts, (a, b) -> a.isAfter(b) ? a : b);
        }

        List<String> samples() {
            return paths.entrySet().stream()
                    .sorted(Map.Entry.<String, Instant>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(UnmatchedRequest.MAX_SAMPLES).map(Map.Entry::getKey).toList();
        }
    }

    private UnmatchedRequests() {
    }

    static List<UnmatchedRequest> list(StoreContext c, DSLContext dsl, Condition where, int limit) {
        var rl = REQUEST_LOGS;
        Map<GroupKey, Group> groups = new LinkedHashMap<>();
        try (Cursor<Record4<String, String, String, Instant>> cur = dsl
                .select(rl.SERVER_ID, rl.METHOD, rl.PATH, rl.TIMESTAMP).from(rl).where(where)
                .fetchSize(1_000).fetchLazy()) {
            for (Record4<String, String, String, Instant> r : cur) {
                GroupKey key = new GroupKey(r.value1(), r.value2().toUpperCase(Locale.ROOT),
                        PathShapes.shape(r.value3()));
                groups.computeIfAbsent(key, Group::new).add(r.value3(), r.value4());
            }
        }
        List<Group> ordered = new ArrayList<>(groups.values());
        ordered.sort(Comparator.<Group>comparingLong(g -> -g.count)
                .thenComparing((Group g) -> g.last, Comparator.reverseOrder())
                .thenComparing(g -> g.key.method())
                .thenComparing(g -> g.key.shape())
                .thenComparing(g -> Objects.toString(g.key.serverId(), "")));
        List<UnmatchedRequest> out = new ArrayList<>(Math.min(limit, ordered.size()));
        Map<String, NearMisses.Explainer> explainers = new HashMap<>(); // each server's mocks read once
        for (Group g : ordered.subList(0, Math.min(limit, ordered.size()))) {
            List<String> samples = g.samples();
            List<NearMiss> nearest = List.of();
            if (g.key.serverId() != null && samples.get(0).startsWith("/")) {
                // the server's mocks nearest to the latest sample now; none when a mock answers it now
                nearest = explainers.computeIfAbsent(g.key.serverId(), id -> new NearMisses.Explainer(c, id))
                        .explain(g.key.method(), samples.get(0)).nearest();
            }
            out.add(new UnmatchedRequest(Optional.ofNullable(g.key.serverId()), g.key.method(), g.key.shape(),
                    g.count, g.first, g.last, samples, nearest));
        }
        return List.copyOf(out);
    }
}
