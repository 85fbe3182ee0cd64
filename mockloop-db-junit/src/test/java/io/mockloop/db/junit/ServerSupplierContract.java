package io.mockloop.db.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.DatabaseType;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The contract of {@link MockLoopDbExtension#server(java.util.function.Supplier)} on one server. Each subclass
 * registers the extension <em>before</em> declaring its {@link LateServer}, the way a Testcontainers container field
 * often comes after the extension: a supplier called at registration would meet a {@code null} field, one called
 * before {@code @BeforeAll} a server that is not started.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ServerSupplierContract {

    /** The server of the subclass. */
    abstract LateServer server();

    @Test
    @Order(1)
    void theSupplierIsAskedOnceTheServerRunsWhenTheFirstTestNeedsADatabase(MockLoopDb db) {
        assertThat(server().urlRequests()).isEqualTo(1);
        assertThat(db.databaseType()).isEqualTo(server().type());
        assertThat(db.migrations().status().upToDate()).isTrue();
        assertThat(db.config().get("seeded")).hasValue("yes");
        db.config().set("left-behind", "x");
    }

    @Test
    @Order(2)
    void theNextTestGetsTheEmptiedClassDatabaseWithoutAskingAgain(MockLoopDb db) {
        assertThat(db.config().get("left-behind")).isEmpty();
        assertThat(db.config().get("seeded")).hasValue("yes");
        assertThat(server().urlRequests()).isEqualTo(1);
    }

    /**
     * Stands in for a Testcontainers container: its URL exists only after {@link #start()}, which skips (or fails
     * under {@code CI=true}) when the server is not reachable, and it counts how often it was asked.
     */
    static final class LateServer {

        private final DbTarget target;
        private final AtomicInteger urlRequests = new AtomicInteger();
        private volatile boolean started;

        LateServer(DbTarget target) {
            this.target = target;
        }

        void start() {
            assertThat(urlRequests.get()).as("URL requests before the server started").isZero();
            TestDatabase.create(target).close();
            started = true;
        }

        String jdbcUrl() {
            urlRequests.incrementAndGet();
            if (!started) {
                // the message Testcontainers gives
                throw new IllegalStateException("Mapped port can only be obtained after the container is started");
            }
            return target.isPostgres() ? TestDatabase.PG_ADMIN : TestDatabase.MARIADB_ADMIN;
        }

        int urlRequests() {
            return urlRequests.get();
        }

        DatabaseType type() {
            return target.isPostgres() ? DatabaseType.POSTGRESQL : DatabaseType.MARIADB;
        }
    }
}
