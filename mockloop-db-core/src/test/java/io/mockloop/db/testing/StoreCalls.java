package io.mockloop.db.testing;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.config.ConfigStore;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.LogPolicy;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.log.RequestLogStore;
import io.mockloop.db.log.WriterSettings;
import io.mockloop.db.maintenance.Maintenance;
import io.mockloop.db.migration.Migrations;
import io.mockloop.db.scenario.MockResponseFilter;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.scenario.MockResponseStore;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.scenario.ScenarioStore;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.server.ServerRegistry;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every public method of every store, found by reflection so that a new method is covered without anyone remembering,
 * with a sample argument for each parameter type. A parameter type without a sample fails the caller's test, naming
 * the type to add to {@link #known(Class)}. Used by the tests that hold every store method to one rule.
 */
public final class StoreCalls {

    private final Path dir;

    /** @param dir a temporary directory for sample paths */
    public StoreCalls(Path dir) {
        this.dir = dir;
    }

    /** The stores, taken while the database is open. */
    public static Map<Class<?>, Object> stores(MockLoopDb db) {
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

    /** The public abstract and default methods of a store interface, in a stable order. */
    public static List<Method> methods(Class<?> type) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getDeclaringClass() != Object.class && !Modifier.isStatic(m.getModifiers()))
                .sorted(Comparator.comparing(Method::toGenericString))
                .toList();
    }

    /** Reads what a method returned, so that lazy results (streams, iterators) reach the database too. */
    public static void consume(Object result) throws Exception {
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

    /**
     * @param method a store method
     * @return sample arguments for it
     */
    public Object[] arguments(Method method) {
        return Arrays.stream(method.getGenericParameterTypes()).map(this::sample).toArray();
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
