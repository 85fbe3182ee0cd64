package io.mockloop.db.internal.scenario;

import static io.mockloop.db.internal.jooq.generated.Tables.MOCK_RESPONSES;
import static io.mockloop.db.internal.jooq.generated.Tables.MOCK_SERVERS;
import static io.mockloop.db.internal.jooq.generated.Tables.SCENARIOS;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.select;

import io.mockloop.db.internal.TextRules;
import io.mockloop.db.scenario.MissExplanation;
import io.mockloop.db.scenario.MockResponseResolver;
import io.mockloop.db.scenario.ResolvedResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MockResponseResolver} over a per-server {@link ServerSnapshot} cache. Local changes invalidate through
 * the {@link ScenarioRuntime} bus after commit; other writers are detected by a version query (server row,
 * counts, newest updated_at and ids of the server's scenarios and responses) at most once per interval per server,
 * run by the one request thread that finds the check due while the others keep answering from memory.
 */
final class CachingResolver implements MockResponseResolver {

    private static final Logger LOG = LoggerFactory.getLogger(CachingResolver.class);

    private static final class Entry {
        final ServerSnapshot snapshot;
        final List<Object> version;
        volatile long nextCheckNanos;
        final AtomicBoolean checking = new AtomicBoolean();

        Entry(ServerSnapshot snapshot, List<Object> version, long nextCheckNanos) {
            this.snapshot = snapshot;
            this.version = version;
            this.nextCheckNanos = nextCheckNanos;
        }
    }

    private final ScenarioRuntime runtime;
    private final long intervalNanos;
    private final boolean shared;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> generations = new ConcurrentHashMap<>();
    private final Consumer<String> invalidator = this::invalidate;
    private final AtomicBoolean closed = new AtomicBoolean();

    CachingResolver(ScenarioRuntime runtime, Duration interval, boolean shared) {
        this.runtime = runtime;
        this.intervalNanos = interval.toNanos();
        this.shared = shared;
        runtime.addInvalidator(invalidator);
    }

    @Override
    public Optional<ResolvedResponse> resolve(String serverId, String method, String concretePath) {
        java.util.Objects.requireNonNull(serverId, "serverId");
        java.util.Objects.requireNonNull(method, "method");
        java.util.Objects.requireNonNull(concretePath, "concretePath");
        if (TextRules.anyNul(serverId)) { // no server id holds NUL
            return Optional.empty();
        }
        Entry e = cache.get(serverId);
        boolean hit = e != null;
        if (e == null) {
            e = load(serverId);
        } else if (System.nanoTime() - e.nextCheckNanos >= 0 && e.checking.compareAndSet(false, true)) {
            Entry cached = e;
            try {
                e = revalidate(serverId, cached);
            } finally {
                cached.checking.set(false);
            }
            hit = e == cached;
        }
        runtime.pool().engine().metrics().resolverLookup(hit);
        return e.snapshot.resolve(method, concretePath);
    }

    @Override
    public MissExplanation explain(String serverId, String method, String path) {
        String m = NearMisses.check(serverId, method, path);
        Optional<ResolvedResponse> match = resolve(serverId, m, path);
        if (match.isPresent()) {
            return new MissExplanation(serverId, m, path, match, List.of());
        }
        return runtime.pool().read("explain " + m + " " + path + " on server '" + serverId + "'",
                c -> NearMisses.explain(c, serverId, m, path, match));
    }

    private Entry revalidate(String serverId, Entry e) {
        List<Object> now;
        try {
            now = version(serverId);
        } catch (RuntimeException ex) {
            LOG.warn("version check for server '{}' failed, answering from the cached copy: {}", serverId,
                    ex.toString());
            e.nextCheckNanos = System.nanoTime() + intervalNanos;
            return e;
        }
        if (now.equals(e.version)) {
            e.nextCheckNanos = System.nanoTime() + intervalNanos;
            return e;
        }
        return load(serverId);
    }

    private Entry load(String serverId) {
        long generation = generations.getOrDefault(serverId, 0L);
        // version first: a change committed in between makes the next check reload, never hides it
        List<Object> version = version(serverId);
        ServerSnapshot snapshot = runtime.pool().read("load the mock responses of server '" + serverId + "'",
                c -> ServerSnapshot.load(c, serverId));
        Entry fresh = new Entry(snapshot, version, System.nanoTime() + intervalNanos);
        cache.compute(serverId, (k, old) -> generations.getOrDefault(serverId, 0L) == generation && !closed.get()
                ? fresh : old);
        return fresh;
    }

    /** One cheap query whose result changes whenever the server's scenarios or responses change. */
    private List<Object> version(String serverId) {
        return runtime.pool().read("check the mock responses of server '" + serverId + "' for changes",
                c -> version(c.dsl(), serverId));
    }

    private static List<Object> version(org.jooq.DSLContext dsl, String serverId) {
        Record r = dsl.select(
                field(select(MOCK_SERVERS.UPDATED_AT).from(MOCK_SERVERS).where(MOCK_SERVERS.ID.eq(serverId))),
                field(select(count()).from(SCENARIOS).where(SCENARIOS.SERVER_ID.eq(serverId))),
                field(select(max(SCENARIOS.UPDATED_AT)).from(SCENARIOS).where(SCENARIOS.SERVER_ID.eq(serverId))),
                field(select(max(SCENARIOS.ID)).from(SCENARIOS)
                        .where(SCENARIOS.SERVER_ID.eq(serverId).and(SCENARIOS.IS_ACTIVE.isTrue()))),
                field(select(count()).from(MOCK_RESPONSES).where(MOCK_RESPONSES.SERVER_ID.eq(serverId))),
                field(select(max(MOCK_RESPONSES.UPDATED_AT)).from(MOCK_RESPONSES)
                        .where(MOCK_RESPONSES.SERVER_ID.eq(serverId))),
                field(select(max(MOCK_RESPONSES.ID)).from(MOCK_RESPONSES)
                        .where(MOCK_RESPONSES.SERVER_ID.eq(serverId)))).fetchOne();
        return java.util.Arrays.asList(r.intoArray());
    }

    @Override
    public void invalidate(String serverId) {
        generations.merge(serverId, 1L, Long::sum);
        cache.remove(serverId);
    }

    @Override
    public void invalidateAll() {
        for (String id : List.copyOf(cache.keySet())) {
            invalidate(id);
        }
    }

    @Override
    public void close() {
        if (shared) {
            return;
        }
        if (closed.compareAndSet(false, true)) {
            runtime.removeInvalidator(invalidator);
            cache.clear();
        }
    }

    @Override
    public String toString() {
        return "CachingResolver[interval=" + Duration.ofNanos(intervalNanos) + ", servers=" + cache.size() + "]";
    }
}
