package io.mockloop.db.junit;

import io.mockloop.db.MockLoopDb;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstantiationAwareExtension;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A JUnit 5 extension that gives each test a fresh, migrated mockloop-db database and injects it.
 *
 * <pre>{@code
 * class MyTest {
 *     @RegisterExtension
 *     static MockLoopDbExtension db = MockLoopDbExtension.inMemory();
 *
 *     @Test
 *     void logsAreKept(MockLoopDb db, RequestLogStore logs) { ... }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>In-memory SQLite (the default): each database is a copy, made with SQLite's backup API, of a migrated
 *   template file (the one this jar carries, migrated at build time, unless the changelogs on the class path differ),
 *   so a fresh database costs milliseconds.</li>
 *   <li>{@link #perClass()}: one database for all tests of a class instead of one per test.</li>
 *   <li>{@link #server(String)}: a PostgreSQL or MySQL/MariaDB server; each test class gets its own schema or
 *   database (dropped afterwards), emptied before each test unless {@code perClass()}.</li>
 *   <li>{@link #server(Supplier)}: the same, with a URL known only once the server runs (a Testcontainers
 *   container, for example); the supplier is asked when the first test of a class needs a database.</li>
 *   <li>{@link #seed(Consumer)}: fixtures applied to every new (or emptied) database.</li>
 *   <li>Parameters of test constructors and methods of type {@link MockLoopDb}, or of any store type
 *   {@code MockLoopDb} hands out (for example {@code ConfigStore}), are injected.</li>
 * </ul>
 *
 * <p>Databases live in JUnit's {@link ExtensionContext.Store} and are closed by JUnit. The extension holds no
 * per-test state of its own, so parallel test execution is safe. Instances are immutable: the configuration
 * methods return copies.
 */
public final class MockLoopDbExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver,
        TestInstantiationAwareExtension {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MockLoopDbExtension.class);
    private static final String DB_KEY = "database";
    private static final String SERVER_KEY = "server-schema";

    private final boolean perClass;
    /** The server's JDBC URL, asked for when a class first needs a database; {@code null} for in-memory SQLite. */
    private final Supplier<String> serverUrl;
    private final List<Consumer<MockLoopDb>> seeds;
    private final int poolSize;
    private final boolean fromAnnotation;

    /** For {@code @ExtendWith} and {@link MockLoopDbTest}: reads the settings from {@code @MockLoopDbTest}. */
    public MockLoopDbExtension() {
        this(false, null, List.of(), 4, true);
    }

    private MockLoopDbExtension(boolean perClass, Supplier<String> serverUrl, List<Consumer<MockLoopDb>> seeds,
                                int poolSize, boolean fromAnnotation) {
        this.perClass = perClass;
        this.serverUrl = serverUrl;
        this.seeds = List.copyOf(seeds);
        this.poolSize = poolSize;
        this.fromAnnotation = fromAnnotation;
    }

    /** @return an extension giving each test a fresh in-memory SQLite database */
    public static MockLoopDbExtension inMemory() {
        return new MockLoopDbExtension(false, null, List.of(), 4, false);
    }

    /**
     * @param jdbcUrl a {@code jdbc:postgresql:}, {@code jdbc:mysql:} or {@code jdbc:mariadb:} URL of a server (user
     *                and password as URL parameters); each test class gets its own schema or database there
     * @return an extension on that server
     * @throws IllegalArgumentException when the URL is not a PostgreSQL or MySQL/MariaDB URL
     * @see #server(Supplier)
     */
    public static MockLoopDbExtension server(String jdbcUrl) {
        ServerSchema.checkUrl(jdbcUrl);
        return server(() -> jdbcUrl);
    }

    /**
     * An extension on a server whose URL is known only once the server runs, such as a Testcontainers container:
     *
     * <pre>{@code
     * @Container // started by @Testcontainers on the class, before the first test
     * static final PostgreSQLContainer<?> PG = new PostgreSQLContainer<>("postgres:17");
     *
     * @RegisterExtension // withCredentials: PG's URL with user and password added as URL parameters
     * static final MockLoopDbExtension DB = MockLoopDbExtension.server(() -> withCredentials(PG));
     * }</pre>
     *
     * <p>Nothing is asked at registration: the supplier is called when the first test of a class needs a database
     * (in {@code beforeAll} with {@link #perClass()}, otherwise before the first test method), so it may read fields
     * that are initialised or started after this one. It is called at most once per test class, from whichever
     * JUnit thread gets there first; the answer (or the failure) is kept in JUnit's {@link ExtensionContext.Store}
     * for the class's other tests. Copies made by {@link #perClass()}, {@link #seed(Consumer)} and
     * {@link #poolSize(int)} share the supplier.
     *
     * @param jdbcUrl supplies a {@code jdbc:postgresql:}, {@code jdbc:mysql:} or {@code jdbc:mariadb:} URL of a server
     *                (user and password as URL parameters); each test class gets its own schema or database there
     * @return an extension on that server
     * @throws NullPointerException when {@code jdbcUrl} is {@code null}
     * @throws ExtensionConfigurationException (when a test runs, failing it) when the supplier throws, returns
     *         {@code null}, a blank string or a URL that is not a PostgreSQL or MySQL/MariaDB URL; every test of the
     *         class fails with the same message, and the supplier is not called again
     */
    public static MockLoopDbExtension server(Supplier<String> jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl supplier");
        return new MockLoopDbExtension(false, jdbcUrl, List.of(), 4, false);
    }

    /**
     * Opens a fresh, migrated in-memory SQLite database outside JUnit: a copy of the per-JVM template, so it costs
     * milliseconds after the first. The caller closes it (and with it the database). The first call in a JVM loads
     * jOOQ and Jackson on a daemon thread ({@code mockloop-db-junit-preload}) beside its own work and waits for it
     * before it returns. Thread-safe.
     *
     * @return the open database, with a pool of 4; never null
     * @throws IllegalStateException when the template cannot be copied into the new database
     */
    public static MockLoopDb newInMemoryDatabase() {
        return SqliteTemplate.copy(4);
    }

    /** @return a copy that shares one database between all tests of a class */
    public MockLoopDbExtension perClass() {
        return new MockLoopDbExtension(true, serverUrl, seeds, poolSize, false);
    }

    /**
     * @param seeder fixtures to apply to every new (or emptied) database, after those already added
     * @return a copy with the seeder added
     */
    public MockLoopDbExtension seed(Consumer<MockLoopDb> seeder) {
        List<Consumer<MockLoopDb>> all = new ArrayList<>(seeds);
        all.add(Objects.requireNonNull(seeder, "seeder"));
        return new MockLoopDbExtension(perClass, serverUrl, all, poolSize, false);
    }

    /**
     * @param size the pool size of each database (default 4)
     * @return a copy with that pool size
     * @throws IllegalArgumentException when {@code size} is below 1
     */
    public MockLoopDbExtension poolSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("poolSize must be >= 1 (was " + size + ")");
        }
        return new MockLoopDbExtension(perClass, serverUrl, seeds, size, false);
    }

    private MockLoopDbExtension effective(ExtensionContext context) {
        if (!fromAnnotation) {
            return this;
        }
        Optional<MockLoopDbTest> a = context.getTestClass().flatMap(MockLoopDbExtension::annotation);
        if (a.isEmpty()) {
            return inMemory();
        }
        MockLoopDbExtension e = a.get().url().isBlank() ? inMemory() : server(a.get().url());
        return a.get().perClass() ? e.perClass() : e;
    }

    /** The annotation on the class, its superclasses or (for {@code @Nested} classes) an enclosing class. */
    private static Optional<MockLoopDbTest> annotation(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<MockLoopDbTest> a = AnnotationSupport.findAnnotation(c, MockLoopDbTest.class);
            if (a.isPresent()) {
                return a;
            }
        }
        return Optional.empty();
    }

    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        // constructor parameters of per-method test instances resolve in the method's context
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        MockLoopDbExtension e = effective(context);
        if (e.perClass) {
            e.database(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        effective(context).database(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == MockLoopDb.class || storeAccessor(type).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        MockLoopDb db = effective(extensionContext).database(extensionContext);
        Class<?> type = parameterContext.getParameter().getType();
        if (type == MockLoopDb.class) {
            return db;
        }
        Method accessor = storeAccessor(type).orElseThrow(() -> new ParameterResolutionException(
                "MockLoopDb hands out no " + type.getName()));
        try {
            return accessor.invoke(db);
        } catch (ReflectiveOperationException e) {
            throw new ParameterResolutionException("cannot get " + type.getName() + " from MockLoopDb", e);
        }
    }

    /** The public no-argument method of MockLoopDb returning exactly {@code type}, if any (a store accessor). */
    private static Optional<Method> storeAccessor(Class<?> type) {
        for (Method m : MockLoopDb.class.getMethods()) {
            if (m.getParameterCount() == 0 && m.getReturnType() == type && !Modifier.isStatic(m.getModifiers())
                    && type.getPackageName().startsWith("io.mockloop.db")) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The database of this test (or class), created on first use and kept in JUnit's store. */
    private MockLoopDb database(ExtensionContext context) {
        ExtensionContext owner = owner(context);
        Handle handle = owner.getStore(NAMESPACE).getOrComputeIfAbsent(DB_KEY, k -> open(owner), Handle.class);
        return handle.db();
    }

    private ExtensionContext owner(ExtensionContext context) {
        if (perClass || context.getTestMethod().isEmpty()) {
            ExtensionContext c = context;
            while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
                c = c.getParent().get();
            }
            return c;
        }
        return context;
    }

    private Handle open(ExtensionContext owner) {
        Handle handle;
        if (serverUrl == null) {
            MockLoopDb db = SqliteTemplate.copy(poolSize);
            handle = new Handle(db, db);
        } else {
            ExtensionContext classContext = owner;
            while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
                classContext = classContext.getParent().get();
            }
            ExtensionContext cc = classContext;
            ServerSchema schema = cc.getStore(NAMESPACE).getOrComputeIfAbsent(SERVER_KEY,
                    k -> ServerSchema.create(serverUrl(cc), poolSize), ServerSchema.class);
            if (owner != cc) {
                schema.empty();
            }
            handle = new Handle(schema.db(), () -> { });
        }
        for (Consumer<MockLoopDb> seed : seeds) {
            seed.accept(handle.db());
        }
        return handle;
    }

    /**
     * The server URL for this class: the supplier's answer, asked for once and kept in the class's store. A failure
     * is kept as well, so each test of the class reports it without calling the supplier again.
     */
    private String serverUrl(ExtensionContext classContext) {
        return classContext.getStore(NAMESPACE)
                .getOrComputeIfAbsent(new ServerUrlKey(serverUrl), k -> ServerUrl.ask(serverUrl), ServerUrl.class)
                .get(classContext.getTestClass().map(Class::getName).orElse(classContext.getDisplayName()));
    }

    /** Keys the supplier's answer by the supplier, which copies of one extension share. */
    private record ServerUrlKey(Supplier<String> supplier) { }

    /** What the supplier answered: a checked URL, or why there is none. */
    private record ServerUrl(String url, String problem, Throwable cause) {

        static ServerUrl ask(Supplier<String> supplier) {
            String url;
            try {
                url = supplier.get();
            } catch (RuntimeException e) {
                return new ServerUrl(null, "threw " + e + " (is the server started before the class's first test?)", e);
            }
            if (url == null || url.isBlank()) {
                return new ServerUrl(null, "returned " + (url == null ? "null" : "a blank URL")
                        + " instead of the server's JDBC URL", null);
            }
            try {
                ServerSchema.checkUrl(url);
            } catch (IllegalArgumentException e) {
                return new ServerUrl(null, "returned '" + ServerSchema.mask(url) + "', which is not a jdbc:postgresql:,"
                        + " jdbc:mysql: or jdbc:mariadb: URL", null);
            }
            return new ServerUrl(url, null, null);
        }

        String get(String testClass) {
            if (problem != null) {
                throw new ExtensionConfigurationException(testClass + ": the JDBC URL supplier given to"
                        + " MockLoopDbExtension.server(Supplier) " + problem, cause);
            }
            return url;
        }
    }

    /** A database and what to close when its test (or class) ends. */
    private record Handle(MockLoopDb db, AutoCloseable resource) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resource.close();
        }
    }
}
