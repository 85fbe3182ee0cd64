package io.mockloop.db.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.testing.DbTarget;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No code path borrows a second pooled connection while it holds one: with a pool of one connection (a host's small
 * pool, the test kit's template pool) such a path waits out the pool timeout and fails. Every public method of every
 * store and of {@code maintenance()} and {@code migrations()}, found by reflection, is called on a database with a
 * pool of one and a two-second pool timeout, seeded so that most calls get past "not found" to their queries; none
 * may fail for want of a connection.
 */
class PoolOfOneTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "SQLITE_MEMORY", "POSTGRESQL", "MARIADB"})
    void everyStoreMethodWorksWithAPoolOfOneConnection(DbTarget target) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestDatabase tdb = TestDatabase.create(target);
             MockLoopDb db = tdb.builder().poolSize(1).poolTimeout(Duration.ofSeconds(2)).meterRegistry(registry)
                     .build()) {
            seed(db);
            StoreCalls calls = new StoreCalls(dir);
            List<String> starved = new ArrayList<>();
            int called = 0;
            for (Map.Entry<Class<?>, Object> store : StoreCalls.stores(db).entrySet()) {
                for (Method m : StoreCalls.methods(store.getKey())) {
                    if (m.getName().equals("restore")) {
                        continue; // replaces the database under the remaining calls; it borrows nothing pooled
                    }
                    called++;
                    Throwable t = null;
                    try {
                        StoreCalls.consume(m.invoke(store.getValue(), calls.arguments(m)));
                    } catch (InvocationTargetException e) {
                        t = e.getCause();
                    } catch (Exception e) {
                        t = e;
                    }
                    if (t instanceof StoreUnavailableException || t instanceof Error) {
                        starved.add(store.getKey().getSimpleName() + "." + m.getName()
                                + Arrays.toString(m.getParameterTypes()) + ": " + t);
                    }
                }
            }
            assertThat(called).as("methods called").isGreaterThan(100);
            assertThat(starved).as("calls that failed for want of a connection with a pool of one").isEmpty();
            assertThat(db.maintenance().health().reachable()).isTrue();
            // a wait-out that a method swallowed (health() reports instead of throwing) is still a pool timeout
            assertThat(registry.get("hikaricp.connections.timeout").counter().count())
                    .as("connection requests that timed out").isZero();
        }
    }

    private static void seed(MockLoopDb db) {
        db.servers().register(ServerRegistration.of("Pet Store", "/specs/petstore.yaml", "/out").withId("petstore"));
        db.scenarios().create(NewScenario.of("petstore", "happy", ScenarioConfig.empty()));
        db.mockResponses().add("petstore", MockResponseSpec.of("GET", "/pets"));
        db.requestLogs().append(RequestLog.builder("GET", "/pets", 200).serverId("petstore").build());
    }
}
