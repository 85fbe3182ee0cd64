package io.mockloop.db.internal.scenario;

import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.scenario.ScenarioChange;
import io.mockloop.db.scenario.ScenarioListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-{@code MockLoopDb} state behind the scenario and response stores: the change bus (resolver
 * invalidation, then listeners, both after commit) and the shared resolver. One per facade, kept in
 * {@link StoreContext#shared()}; thread-safe.
 */
public final class ScenarioRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRuntime.class);

    private final StoreContext pool;
    private final List<ScenarioListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> invalidators = new CopyOnWriteArrayList<>();
    private volatile CachingResolver sharedResolver;

    private ScenarioRuntime(StoreContext pool) {
        this.pool = pool;
    }

    /**
     * @param ctx any context of the facade (pool or transaction)
     * @return the facade's runtime
     */
    public static ScenarioRuntime of(StoreContext ctx) {
        return ctx.shared(ScenarioRuntime.class, () -> new ScenarioRuntime(new StoreContext(ctx.engine().dsl(),
                ctx.type(), ctx.json(), ctx.engine(), false, ctx.shared(), new ArrayList<>())));
    }

    /** @return a context on the pool (not bound to any transaction) */
    StoreContext pool() {
        return pool;
    }

    /**
     * Schedules, after {@code tx} commits, the invalidation of the server's cached resolutions.
     *
     * @param tx the transaction's context
     * @param serverId the server whose scenarios or responses changed
     */
    public void serverChanged(StoreContext tx, String serverId) {
        tx.afterCommit(() -> invalidate(serverId));
    }

    /**
     * Schedules, after {@code tx} commits, the invalidation of the server's cache and the delivery of the change.
     *
     * @param tx the transaction's context
     * @param change the change
     */
    void scenarioChanged(StoreContext tx, ScenarioChange change) {
        tx.afterCommit(() -> {
            invalidate(change.serverId());
            for (ScenarioListener l : listeners) {
                try {
                    l.onChange(change);
                } catch (RuntimeException e) {
                    LOG.warn("scenario listener {} failed on {}: {}", l, change, e.toString(), e);
                }
            }
        });
    }

    private void invalidate(String serverId) {
        for (Consumer<String> i : invalidators) {
            i.accept(serverId);
        }
    }

    AutoCloseable addListener(ScenarioListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void addInvalidator(Consumer<String> invalidator) {
        invalidators.add(invalidator);
    }

    void removeInvalidator(Consumer<String> invalidator) {
        invalidators.remove(invalidator);
    }

    CachingResolver sharedResolver() {
        CachingResolver r = sharedResolver;
        if (r == null) {
            synchronized (this) {
                r = sharedResolver;
                if (r == null) {
                    r = new CachingResolver(this, Duration.ofSeconds(1), true);
                    sharedResolver = r;
                }
            }
        }
        return r;
    }
}
