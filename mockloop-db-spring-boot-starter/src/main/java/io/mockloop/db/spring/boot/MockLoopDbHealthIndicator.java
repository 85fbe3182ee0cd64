package io.mockloop.db.spring.boot;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.MockLoopDbException;
import io.mockloop.db.maintenance.Maintenance;
import io.mockloop.db.maintenance.RetentionRun;
import io.mockloop.db.maintenance.RetentionStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * {@link Maintenance#health()} as an Actuator health: UP when reachable with no migrations pending. Stateless and
 * thread-safe.
 */
final class MockLoopDbHealthIndicator implements HealthIndicator {

    private final MockLoopDb db;

    MockLoopDbHealthIndicator(MockLoopDb db) {
        this.db = db;
    }

    @Override
    public Health health() {
        Maintenance.Health h;
        try {
            h = db.maintenance().health(); // never throws for an unreachable database; throws once db is closed
        } catch (MockLoopDbException e) {
            return Health.down().withDetail("error", String.valueOf(e.getMessage())).build();
        }
        boolean up = h.reachable() && !h.migrationsPending();
        Health.Builder b = up ? Health.up() : Health.down();
        b.withDetail("database", db.databaseType().toString())
                .withDetail("schemaVersion", h.schemaVersion().orElse(-1))
                .withDetail("latestSchemaVersion", h.latestSchemaVersion())
                .withDetail("migrationsPending", h.migrationsPending())
                .withDetail("roundTripMillis", h.roundTripMillis());
        // no pool of ours (the application's DataSource): left out rather than shown as a count
        h.pool().ifPresent(pool -> b.withDetail("activeConnections", pool.activeConnections())
                .withDetail("idleConnections", pool.idleConnections())
                .withDetail("waitingThreads", pool.waitingThreads()));
        b.withDetail("retention", retention(h.retention()));
        if (!up) {
            b.withDetail("error", h.error().orElseGet(() -> "the schema is at version "
                    + h.schemaVersion().orElseThrow() + " and migrations are pending (latest "
                    + h.latestSchemaVersion() + ")"));
        }
        return b.build();
    }

    private static Map<String, Object> retention(RetentionStatus r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scheduled", r.scheduled());
        if (r.scheduled()) {
            m.put("interval", r.interval().toString());
        }
        m.put("running", r.running());
        r.nextRun().ifPresent(t -> m.put("nextRun", t.toString()));
        r.lastRun().ifPresent(run -> m.put("lastRun", run(run)));
        r.lastCompleted().ifPresent(run -> m.put("lastCompleted", run(run)));
        return m;
    }

    private static Map<String, Object> run(RetentionRun run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", run.outcome().toString());
        m.put("startedAt", run.startedAt().toString());
        m.put("endedAt", run.endedAt().toString());
        m.put("deletedRows", run.deletedRows());
        run.error().ifPresent(e -> m.put("error", e));
        return m;
    }
}
