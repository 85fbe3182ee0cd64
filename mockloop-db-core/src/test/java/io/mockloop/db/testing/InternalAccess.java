package io.mockloop.db.testing;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.internal.StoreContext;
import java.lang.reflect.Method;
import javax.sql.DataSource;
import org.jooq.DSLContext;

/** Reaches the facade's internals from tests (the accessor is package-private on purpose). */
public final class InternalAccess {

    private InternalAccess() {
    }

    /**
     * @param db an open database
     * @return its store context
     */
    public static StoreContext context(MockLoopDb db) {
        try {
            Method m = MockLoopDb.class.getDeclaredMethod("context");
            m.setAccessible(true);
            return (StoreContext) m.invoke(db);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sets what "now" is for the partition maintenance of the database {@code builder} opens (the builder's
     * package-private {@code clock}): the partitions made at start, by {@code ensureRequestLogPartitions()} and by
     * retention runs.
     *
     * @param builder a builder
     * @param clock the clock
     * @return the builder
     */
    public static MockLoopDb.Builder withClock(MockLoopDb.Builder builder, java.time.Clock clock) {
        try {
            Method m = MockLoopDb.Builder.class.getDeclaredMethod("clock", java.time.Clock.class);
            m.setAccessible(true);
            return (MockLoopDb.Builder) m.invoke(builder, clock);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param db an open database @return its jOOQ context */
    public static DSLContext dsl(MockLoopDb db) {
        return context(db).dsl();
    }

    /** @param db an open database @return its pool */
    public static DataSource dataSource(MockLoopDb db) {
        return context(db).engine().dataSource();
    }
}
