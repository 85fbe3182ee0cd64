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

    /** @param db an open database @return its jOOQ context */
    public static DSLContext dsl(MockLoopDb db) {
        return context(db).dsl();
    }

    /** @param db an open database @return its pool */
    public static DataSource dataSource(MockLoopDb db) {
        return context(db).engine().dataSource();
    }
}
