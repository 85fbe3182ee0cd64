package io.mockloop.db.maintenance;

import static io.mockloop.db.internal.jooq.generated.Tables.MOCK_SERVERS;
import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;
import static io.mockloop.db.internal.jooq.generated.Tables.WEBHOOK_DELIVERIES;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.webhook.WebhookSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.jooq.DSLContext;

/** Rows, listeners and waits the retention tests share; rows are written directly (fixed timestamps). */
final class RetentionFixtures {

    private RetentionFixtures() {
    }

    /** Records every finished run. */
    static class Recorder implements RetentionListener {
        final List<RetentionRun> finished = new CopyOnWriteArrayList<>();

        @Override
        public void runFinished(RetentionRun run) {
            finished.add(run);
        }

        /** @return the first completed run that started at or after {@code after}, waiting up to 20 s */
        RetentionRun completedAfter(Instant after) {
            await("a completed retention run after " + after, Duration.ofSeconds(20),
                    () -> finished.stream().anyMatch(r -> r.outcome() == RetentionOutcome.COMPLETED
                            && !r.startedAt().isBefore(after)));
            return finished.stream().filter(r -> r.outcome() == RetentionOutcome.COMPLETED
                    && !r.startedAt().isBefore(after)).findFirst().orElseThrow();
        }
    }

    /** @return the id of a new webhook on a new server {@code serverId} */
    static long webhook(MockLoopDb db, String serverId) {
        InternalAccess.dsl(db).insertInto(MOCK_SERVERS).set(MOCK_SERVERS.ID, serverId).set(MOCK_SERVERS.NAME, serverId)
                .set(MOCK_SERVERS.SPEC_PATH, "/specs/" + serverId + ".yaml")
                .set(MOCK_SERVERS.OUTPUT_DIRECTORY, "/out/" + serverId).execute();
        return db.webhooks().create(serverId, WebhookSpec.of("hook", "http://127.0.0.1:9/hook", "server.started")).id();
    }

    /** Writes {@code n} delivery attempts delivered at {@code at}, in one statement. */
    static void deliveries(MockLoopDb db, long webhookId, int n, Instant at) {
        deliveries(InternalAccess.dsl(db), webhookId, n, at);
    }

    /** As above, on {@code dsl} (for example a transaction's). */
    static void deliveries(DSLContext dsl, long webhookId, int n, Instant at) {
        var insert = dsl.insertInto(WEBHOOK_DELIVERIES, WEBHOOK_DELIVERIES.WEBHOOK_ID, WEBHOOK_DELIVERIES.EVENT_TYPE,
                WEBHOOK_DELIVERIES.PAYLOAD, WEBHOOK_DELIVERIES.DELIVERED_AT);
        for (int i = 0; i < n; i++) {
            insert = insert.values(webhookId, "server.started", "{}", at);
        }
        insert.execute();
    }

    /** Writes {@code n} request logs at {@code at} (in statements of 500 rows). */
    static void logs(MockLoopDb db, int n, Instant at) {
        logs(InternalAccess.dsl(db), n, at);
    }

    /** As above, on {@code dsl} (for example a transaction's). */
    static void logs(DSLContext dsl, int n, Instant at) {
        int done = 0;
        while (done < n) {
            int batch = Math.min(500, n - done);
            var insert = dsl.insertInto(REQUEST_LOGS, REQUEST_LOGS.TIMESTAMP, REQUEST_LOGS.METHOD, REQUEST_LOGS.PATH,
                    REQUEST_LOGS.RESPONSE_STATUS, REQUEST_LOGS.SERVER_ID);
            for (int i = 0; i < batch; i++) {
                insert = insert.values(at, "GET", "/pets/" + (done + i), 200, "petstore");
            }
            insert.execute();
            done += batch;
        }
    }

    static int count(MockLoopDb db, org.jooq.Table<?> table) {
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
