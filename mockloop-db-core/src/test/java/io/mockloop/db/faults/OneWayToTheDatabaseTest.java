package io.mockloop.db.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.MockLoopDbException;
import io.mockloop.db.StoreUnavailableException;
import io.mockloop.db.config.ConfigStore;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.LogPolicy;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.RequestLogStore;
import io.mockloop.db.log.WriterSettings;
import io.mockloop.db.maintenance.Maintenance;
import io.mockloop.db.migration.Migrations;
import io.mockloop.db.scenario.MockResponseFilter;
import io.mockloop.db.scenario.MockResponseResolver;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.scenario.MockResponseStore;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.scenario.ScenarioStore;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.server.ServerRegistry;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.PrivateServer;
import io.mockloop.db.testing.TestDatabase;
import io.mockloop.db.user.UserStore;
import io.mockloop.db.webhook.AttemptOutcome;
import io.mockloop.db.webhook.DeliveryQuery;
import io.mockloop.db.webhook.DispatcherOptions;
import io.mockloop.db.webhook.RetryPolicy;
import io.mockloop.db.webhook.WebhookQuery;
import io.mockloop.db.webhook.WebhookSpec;
import io.mockloop.db.webhook.WebhookStore;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
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

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void everyStoreMethodOnAClosedPoolThrowsOnlyTheLibrarysExceptionsNamingTheOperation(DbTarget target) {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            MockLoopDb db = tdb.builder().poolTimeout(Duration.ofMillis(500)).build();
            Map<Class<?>, Object> stores = stores(db);
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
            Map<Class<?>, Object> stores = stores(db);
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

    /** The stores, taken while the database is open. */
    private static Map<Class<?>, Object> stores(MockLoopDb db) {
        Map<Class<?>, Object> stores = new LinkedHashMap<>();
        stores.put(ServerRegistry.class, db.servers());
        stores.put(ScenarioStore.class, db.scenarios());
        stores.put(MockResponseStore.class, db.mockResponses());
        stores.put(RequestLogStore.class, db.requestLogs());
        stores.put(WebhookStore.class, db.webhooks());
        stores.put(UserStore.class, db.users());
        stores.put(ConfigStore.class, db.config());
        stores.put(Maintenance.class, db.maintenance());
        stores.put(Migrations.class, db.migrations());
        return stores;
    }

    private void assertOnlyOurExceptions(Map<Class<?>, Object> stores) {
        List<String> escaped = new ArrayList<>();
        int called = 0;
        for (Map.Entry<Class<?>, Object> store : stores.entrySet()) {
            for (Method m : methods(store.getKey())) {
                called++;
                Object[] args = Arrays.stream(m.getGenericParameterTypes()).map(this::sample).toArray();
                Throwable t = null;
                try {
                    consume(m.invoke(store.getValue(), args));
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

    /** The public abstract and default methods of a store interface, in a stable order. */
    private static List<Method> methods(Class<?> type) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getDeclaringClass() != Object.class && !Modifier.isStatic(m.getModifiers()))
                .sorted(Comparator.comparing(Method::toGenericString))
                .toList();
    }

    /** Reads what a method returned, so that lazy results (streams, iterators) reach the database too. */
    private static void consume(Object result) throws Exception {
        if (result instanceof Stream<?> s) {
            try (s) {
                s.forEach(x -> { });
            }
        } else if (result instanceof Iterator<?> it) {
            it.forEachRemaining(x -> { });
        } else if (result instanceof AutoCloseable c) {
            c.close(); // a writer, resolver or dispatcher opened on the closed database
        }
    }

    private Object sample(Type type) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (raw == Optional.class) {
                return Optional.empty();
            }
            if (raw == List.class) {
                Type element = p.getActualTypeArguments()[0];
                return element == RequestLog.class ? List.of(log()) : List.of();
            }
            if (raw == Map.class) {
                return Map.of("k", "v");
            }
            if (raw == java.util.Set.class) {
                return java.util.Set.of();
            }
            return sample(raw);
        }
        Class<?> c = (Class<?>) type;
        Object known = known(c);
        if (known != null) {
            return known;
        }
        if (c.isEnum()) {
            return c.getEnumConstants()[0];
        }
        if (c.isRecord()) {
            RecordComponent[] parts = c.getRecordComponents();
            Object[] values = Arrays.stream(parts).map(rc -> sample(rc.getGenericType())).toArray();
            try {
                return c.getDeclaredConstructor(Arrays.stream(parts).map(RecordComponent::getType)
                        .toArray(Class<?>[]::new)).newInstance(values);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot make a sample " + c.getName() + ": add one to known()", e);
            }
        }
        if (c.isInterface()) { // a listener or callback: does nothing
            return Proxy.newProxyInstance(c.getClassLoader(), new Class<?>[] {c}, (proxy, method, args) ->
                    method.getReturnType() == boolean.class ? false : null);
        }
        throw new AssertionError("no sample for parameter type " + c.getName() + ": add one to known()");
    }

    private Object known(Class<?> c) {
        if (c == String.class) {
            return "petstore";
        }
        if (c == int.class || c == Integer.class) {
            return 1;
        }
        if (c == long.class || c == Long.class) {
            return 1L;
        }
        if (c == boolean.class || c == Boolean.class) {
            return false;
        }
        if (c == Duration.class) {
            return Duration.ofSeconds(1);
        }
        if (c == Instant.class) {
            return Instant.now();
        }
        if (c == Path.class) {
            try {
                return Files.createTempDirectory(dir, "arg").resolve("file.db");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
        if (c == OutputStream.class) {
            return new ByteArrayOutputStream();
        }
        if (c == RequestLog.class) {
            return log();
        }
        if (c == LogFilter.class) {
            return LogFilter.ALL;
        }
        if (c == LogPolicy.class) {
            return LogPolicy.DEFAULTS;
        }
        if (c == WriterSettings.class) {
            return WriterSettings.DEFAULTS;
        }
        if (c == ServerRegistration.class) {
            return ServerRegistration.of("Pet Store", "/specs/petstore.yaml", "/out").withId("petstore");
        }
        if (c == ScenarioConfig.class) {
            return ScenarioConfig.empty();
        }
        if (c == NewScenario.class) {
            return NewScenario.of("petstore", "happy", ScenarioConfig.empty());
        }
        if (c == MockResponseSpec.class) {
            return MockResponseSpec.of("GET", "/pets");
        }
        if (c == MockResponseFilter.class) {
            return MockResponseFilter.forServer("petstore");
        }
        if (c == WebhookSpec.class) {
            return WebhookSpec.of("hook", "http://127.0.0.1:9/hook", "scenario.changed");
        }
        if (c == WebhookQuery.class) {
            return WebhookQuery.all();
        }
        if (c == DeliveryQuery.class) {
            return DeliveryQuery.all();
        }
        if (c == RetryPolicy.class) {
            return RetryPolicy.DEFAULT;
        }
        if (c == DispatcherOptions.class) {
            return DispatcherOptions.defaults();
        }
        if (c == AttemptOutcome.class) {
            return AttemptOutcome.timeout(Duration.ofSeconds(1));
        }
        return null;
    }

    private static RequestLog log() {
        return RequestLog.builder("GET", "/pets", 200).serverId("petstore").build();
    }
}
