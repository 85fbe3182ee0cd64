package io.mockloop.db.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.MockLoopDbException;
import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.scenario.MockResponseResolver;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.PrivateServer;
import io.mockloop.db.testing.StoreCalls;
import io.mockloop.db.testing.TestDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One way to the database: every public method of every store, found by reflection (so that a new method is covered
 * without anyone remembering), called on a database whose pool was closed under it, and on a private server that was
 * stopped under it. Only {@link MockLoopDbException}s may come out — never a driver's or jOOQ's exception — and a
 * {@link StoreUnavailableException} names the operation ("... failed on jdbc:..."). A parameter type without a
 * sample fails the test, naming the type to add.
 */
class OneWayToTheDatabaseTest {

    @TempDir
    Path dir;

    private StoreCalls calls;

    @BeforeEach
    void calls() {
        calls = new StoreCalls(dir);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void everyStoreMethodOnAClosedPoolThrowsOnlyTheLibrarysExceptionsNamingTheOperation(DbTarget target) {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            MockLoopDb db = tdb.builder().poolTimeout(Duration.ofMillis(500)).build();
            Map<Class<?>, Object> stores = StoreCalls.stores(db);
            MockResponseResolver resolver = db.mockResponses().resolver(Duration.ofHours(1)); // nothing cached
            db.close();
            assertOnlyOurExceptions(stores);
            assertResolverMissIsOurs(resolver);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(PrivateServer.Kind.class)
    void everyStoreMethodAgainstAStoppedServerThrowsOnlyTheLibrarysExceptionsNamingTheOperation(
            PrivateServer.Kind kind) {
        try (PrivateServer server = PrivateServer.start(kind);
             MockLoopDb db = MockLoopDb.builder().url(server.url()).poolSize(2).poolTimeout(Duration.ofMillis(250))
                     .build()) {
            Map<Class<?>, Object> stores = StoreCalls.stores(db);
            MockResponseResolver resolver = db.mockResponses().resolver(Duration.ofHours(1)); // nothing cached
            server.stop();
            assertOnlyOurExceptions(stores);
            assertResolverMissIsOurs(resolver);
        }
    }

    /** A cached resolver that must go to the database (a miss) fails like any store call. */
    private static void assertResolverMissIsOurs(MockResponseResolver resolver) {
        assertThatThrownBy(() -> resolver.resolve("petstore", "GET", "/pets"))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("of server 'petstore'").hasMessageContaining(" failed on ");
    }

    private void assertOnlyOurExceptions(Map<Class<?>, Object> stores) {
        List<String> escaped = new ArrayList<>();
        int called = 0;
        for (Map.Entry<Class<?>, Object> store : stores.entrySet()) {
            for (Method m : StoreCalls.methods(store.getKey())) {
                called++;
                Object[] args = calls.arguments(m);
                Throwable t = null;
                try {
                    StoreCalls.consume(m.invoke(store.getValue(), args));
                } catch (InvocationTargetException e) {
                    t = e.getCause();
                } catch (Exception e) { // from reading a lazy result, or closing what a call opened
                    t = e;
                }
                if (t == null) {
                    continue;
                }
                String where = store.getKey().getSimpleName() + "." + m.getName()
                        + Arrays.toString(m.getParameterTypes());
                if (!(t instanceof MockLoopDbException)) {
                    escaped.add(where + " threw " + t);
                } else if (t instanceof StoreUnavailableException && (!String.valueOf(t.getMessage())
                        .matches("(?s)(.+ (failed|is closed)|cannot) .*")
                        || t.getMessage().startsWith("a database call"))) {
                    escaped.add(where + " threw a StoreUnavailableException that names no operation: "
                            + t.getMessage());
                }
            }
        }
        assertThat(called).as("store methods called").isGreaterThan(100);
        assertThat(escaped).as("methods whose failure is not one of the library's exceptions").isEmpty();
    }

}
