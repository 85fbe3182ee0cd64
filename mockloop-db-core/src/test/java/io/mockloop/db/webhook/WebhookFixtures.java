package io.mockloop.db.webhook;

import static io.mockloop.db.internal.jooq.generated.Tables.MOCK_SERVERS;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.InternalAccess;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.jooq.Table;

/** Rows and waits the webhook tests share; servers are written directly (the server registry is not needed). */
final class WebhookFixtures {

    private WebhookFixtures() {
    }

    static void server(MockLoopDb db, String id) {
        InternalAccess.dsl(db).insertInto(MOCK_SERVERS).set(MOCK_SERVERS.ID, id).set(MOCK_SERVERS.NAME, id)
                .set(MOCK_SERVERS.SPEC_PATH, "/specs/" + id + ".yaml").set(MOCK_SERVERS.OUTPUT_DIRECTORY, "/out/" + id)
                .execute();
    }

    static int count(MockLoopDb db, Table<?> table) {
        return InternalAccess.dsl(db).fetchCount(table);
    }

    static void await(String what, Duration max, BooleanSupplier condition) {
        io.mockloop.db.testing.TestSupport.await(what, max, condition);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
