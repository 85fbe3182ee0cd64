package io.mockloop.db.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * {@link Metrics} on a Micrometer registry. Every meter carries the tag {@code pool} (the pool's name, as on
 * HikariCP's own {@code hikaricp.connections.*} meters), so several databases can share one registry. Meters are
 * registered on first use and removed by {@link #close()}.
 *
 * <p>Thread-safe.
 */
public final class MicrometerMetrics implements Metrics {

    private final MeterRegistry registry;
    private final Tags tags;
    private final List<Meter> registered = new CopyOnWriteArrayList<>();
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final Counter written;
    private final Counter excluded;
    private final Timer batch;

    /**
     * @param registry the host's registry
     * @param poolName the value of the {@code pool} tag
     */
    public MicrometerMetrics(MeterRegistry registry, String poolName) {
        this.registry = registry;
        this.tags = Tags.of("pool", poolName);
        this.written = counter("mockloop.logs.written", "Request logs stored", Tags.empty());
        this.excluded = counter("mockloop.logs.excluded", "Request logs the log policy left out", Tags.empty());
        this.batch = keep(Timer.builder("mockloop.writer.batch")
                .description("Time the async writer took to store one batch")
                .tags(tags)
                .register(registry));
    }

    /**
     * @param registry a Micrometer {@code MeterRegistry}, typed as Object so that callers link no Micrometer type
     * @param poolName the value of the {@code pool} tag
     * @return metrics on that registry
     * @throws io.mockloop.db.ConfigurationException when {@code registry} is not a MeterRegistry
     */
    public static Metrics create(Object registry, String poolName) {
        return new MicrometerMetrics(registry(registry), poolName);
    }

    /**
     * The HikariCP tracker factory that publishes the pool's own {@code hikaricp.connections.*} meters.
     *
     * @param registry a Micrometer {@code MeterRegistry}
     * @return the factory
     */
    public static com.zaxxer.hikari.metrics.MetricsTrackerFactory hikariTrackerFactory(Object registry) {
        return new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(registry(registry));
    }

    private static MeterRegistry registry(Object registry) {
        if (registry instanceof MeterRegistry r) {
            return r;
        }
        throw new io.mockloop.db.ConfigurationException("meterRegistry", "meterRegistry must be a Micrometer"
                + " MeterRegistry (was " + registry.getClass().getName() + ")");
    }

    private <M extends Meter> M keep(M meter) {
        registered.add(meter);
        return meter;
    }

    private Counter counter(String name, String description, Tags extra) {
        String key = name + extra;
        return counters.computeIfAbsent(key, k -> keep(Counter.builder(name).description(description)
                .baseUnit(name.startsWith("mockloop.logs") ? "logs" : null)
                .tags(tags.and(extra)).register(registry)));
    }

    @Override
    public <T> AutoCloseable gauge(String name, String description, String unit, T owner,
                                   ToDoubleFunction<T> value, String... extra) {
        Gauge gauge = keep(Gauge.builder(name, owner, value).description(description).baseUnit(unit).strongReference(true)
                .tags(tags.and(extra)).register(registry));
        return () -> {
            registry.remove(gauge);
            registered.remove(gauge);
        };
    }

    @Override
    public void logsWritten(long n) {
        written.increment(n);
    }

    @Override
    public void logsExcluded(long n) {
        excluded.increment(n);
    }

    @Override
    public void logsDropped(String reason, long n) {
        counter("mockloop.logs.dropped", "Request logs accepted or offered but never stored",
                Tags.of("reason", reason)).increment(n);
    }

    @Override
    public void batchStored(long nanos) {
        batch.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void resolverLookup(boolean hit) {
        counter("mockloop.resolver.lookups", "Cached resolver lookups by result",
                Tags.of("result", hit ? "hit" : "miss")).increment();
    }

    @Override
    public void deliveryAttempt(String outcome) {
        counter("mockloop.webhooks.attempts", "Webhook delivery attempts by outcome",
                Tags.of("outcome", outcome)).increment();
    }

    @Override
    public void deadLettered(long n) {
        counter("mockloop.webhooks.dead.lettered", "Webhook events that ran out of attempts", Tags.empty())
                .increment(n);
    }

    @Override
    public void retentionDeleted(String table, long rows) {
        counter("mockloop.retention.deleted", "Rows deleted by retention runs", Tags.of("table", table))
                .increment(rows);
    }

    @Override
    public void retentionRun(String outcome) {
        counter("mockloop.retention.runs", "Retention runs by outcome", Tags.of("outcome", outcome)).increment();
    }

    @Override
    public void close() {
        for (Meter m : registered) {
            registry.remove(m);
        }
        registered.clear();
        counters.clear();
    }
}
