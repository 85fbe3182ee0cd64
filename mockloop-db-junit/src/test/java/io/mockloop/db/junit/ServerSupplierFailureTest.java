package io.mockloop.db.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.mockloop.db.MockLoopDb;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * A supplier that cannot answer fails every test of its class with a message naming it, and is asked only once.
 * The fixture classes below run through {@link EngineTestKit} (Surefire does not pick up nested classes); none of
 * them reaches a server.
 */
class ServerSupplierFailureTest {

    @Test
    void aSupplierThatThrowsFailsEachTestWithItsExceptionAsTheCause() {
        List<Throwable> failures = failuresOf(SupplierThrows.class, 2);

        assertThat(SupplierThrows.CALLS).hasValue(1);
        assertThat(failures).allSatisfy(f -> assertThat(f)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(SupplierThrows.class.getName() + ": the JDBC URL supplier given to"
                        + " MockLoopDbExtension.server(Supplier) threw java.lang.IllegalStateException: Mapped port can"
                        + " only be obtained after the container is started (is the server started before the class's"
                        + " first test?)")
                .cause().isInstanceOf(IllegalStateException.class));
    }

    @Test
    void aSupplierThatReturnsNullFailsEachTestAndIsAskedOnce() {
        List<Throwable> failures = failuresOf(SupplierReturnsNull.class, 2);

        assertThat(SupplierReturnsNull.CALLS).hasValue(1);
        assertThat(failures).allSatisfy(f -> assertThat(f)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage(SupplierReturnsNull.class.getName() + ": the JDBC URL supplier given to"
                        + " MockLoopDbExtension.server(Supplier) returned null instead of the server's JDBC URL"));
    }

    @Test
    void aBlankUrlIsRefusedLikeNull() {
        assertThat(failuresOf(SupplierReturnsBlank.class, 1)).singleElement().satisfies(f -> assertThat(f)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageEndingWith("MockLoopDbExtension.server(Supplier) returned a blank URL instead of the"
                        + " server's JDBC URL"));
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefusedWithItsPasswordMasked() {
        assertThat(failuresOf(SupplierReturnsSqlite.class, 1)).singleElement().satisfies(f -> assertThat(f)
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageEndingWith("MockLoopDbExtension.server(Supplier) returned"
                        + " 'jdbc:sqlite:/tmp/x.db?password=****', which is not a jdbc:postgresql:, jdbc:mysql: or"
                        + " jdbc:mariadb: URL"));
    }

    @Test
    void withPerClassTheSupplierIsAskedBeforeAllAndTheClassFails() {
        Events containers = EngineTestKit.engine("junit-jupiter").selectors(selectClass(PerClassSupplierThrows.class))
                .execute().containerEvents();

        assertThat(PerClassSupplierThrows.CALLS).hasValue(1);
        assertThat(containers.failed().stream().map(ServerSupplierFailureTest::failure)).singleElement()
                .satisfies(f -> assertThat(f)
                        .isInstanceOf(ExtensionConfigurationException.class)
                        .hasMessageStartingWith(PerClassSupplierThrows.class.getName() + ": the JDBC URL supplier"));
    }

    @Test
    void registrationAsksNothingButRefusesANullSupplier() {
        AtomicInteger calls = new AtomicInteger();
        Supplier<String> counting = () -> {
            calls.incrementAndGet();
            return "jdbc:postgresql://127.0.0.1/test";
        };

        MockLoopDbExtension.server(counting).perClass().seed(db -> { }).poolSize(2);

        assertThat(calls).hasValue(0);
        assertThatThrownBy(() -> MockLoopDbExtension.server((Supplier<String>) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("jdbcUrl supplier");
    }

    @Test
    void theStringFormStillRefusesABadUrlAtRegistration() {
        assertThatThrownBy(() -> MockLoopDbExtension.server("jdbc:sqlite:x.db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server url must start with jdbc:postgresql:, jdbc:mysql: or jdbc:mariadb:"
                        + " (was 'jdbc:sqlite:x.db')");
    }

    /** Runs {@code fixture} and returns why each of its tests failed, checking that all {@code tests} did. */
    private static List<Throwable> failuresOf(Class<?> fixture, int tests) {
        Events events = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute().testEvents();
        events.assertStatistics(s -> s.started(tests).failed(tests).succeeded(0));
        return events.failed().stream().map(ServerSupplierFailureTest::failure).toList();
    }

    private static Throwable failure(Event event) {
        return event.getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
    }

    static class SupplierThrows {
        static final AtomicInteger CALLS = new AtomicInteger();

        @RegisterExtension
        static final MockLoopDbExtension DB = MockLoopDbExtension.server(() -> {
            CALLS.incrementAndGet();
            throw new IllegalStateException("Mapped port can only be obtained after the container is started");
        });

        @Test
        void first(MockLoopDb db) {
        }

        @Test
        void second(MockLoopDb db) {
        }
    }

    static class SupplierReturnsNull {
        static final AtomicInteger CALLS = new AtomicInteger();

        @RegisterExtension
        static final MockLoopDbExtension DB = MockLoopDbExtension.server(() -> {
            CALLS.incrementAndGet();
            return null;
        });

        @Test
        void first(MockLoopDb db) {
        }

        @Test
        void second(MockLoopDb db) {
        }
    }

    static class SupplierReturnsBlank {
        @RegisterExtension
        static final MockLoopDbExtension DB = MockLoopDbExtension.server(() -> " ");

        @Test
        void first(MockLoopDb db) {
        }
    }

    static class SupplierReturnsSqlite {
        @RegisterExtension
        static final MockLoopDbExtension DB = MockLoopDbExtension.server(() -> "jdbc:sqlite:/tmp/x.db?password=secret");

        @Test
        void first(MockLoopDb db) {
        }
    }

    static class PerClassSupplierThrows {
        static final AtomicInteger CALLS = new AtomicInteger();

        @RegisterExtension
        static final MockLoopDbExtension DB = MockLoopDbExtension.server(() -> {
            CALLS.incrementAndGet();
            throw new IllegalStateException("not started");
        }).perClass();

        @Test
        void first(MockLoopDb db) {
        }

        @Test
        void second(MockLoopDb db) {
        }
    }
}
