package io.mockloop.db.webhook;

import static io.mockloop.db.webhook.WebhookFixtures.await;
import static io.mockloop.db.webhook.WebhookFixtures.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.ValidationException;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import io.mockloop.db.webhook.Receiver.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The dispatcher against real HTTP receivers on 127.0.0.1, on every database target. */
class WebhookDispatcherTest {

    private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(20), 3, Duration.ofMillis(100), 0.1);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static MockLoopDb db(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        server(db, "petstore");
        return db;
    }

    private static DispatcherOptions options(String worker) {
        return DispatcherOptions.defaults().withWorkerId(worker).withPollInterval(Duration.ofMillis(20))
                .withRetryPolicy(FAST).withTimeout(Duration.ofSeconds(5)).withStopGrace(Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aDeliveryIsSentSignedAndRecordedAsSucceeded(DbTarget target) throws Exception {
        MockLoopDb db = db(target);
        String secret = WebhookSignatures.generateSecret();
        try (Receiver receiver = new Receiver();
             WebhookDispatcher dispatcher = db.webhooks().dispatcher(options("d1"))) {
            AtomicInteger verified = new AtomicInteger();
            receiver.respond(r -> {
                if (WebhookSignatures.verify(secret, r.body(), r.header("X-Signature"), Instant.now())) {
                    verified.incrementAndGet();
                }
                return Answer.of(202);
            });
            Webhook w = db.webhooks().create("petstore", WebhookSpec.of("a", receiver.url("/hook"), "scenario.changed")
                    .withMethod(WebhookMethod.PUT).withHeaders(Map.of("X-Team", "qa")).withSecret(secret));
            long id = db.webhooks().publish("petstore", "scenario.changed", "{\"scenario\":\"slow\"}").get(0);
            dispatcher.start();
            assertThat(dispatcher.isRunning()).isTrue();

            await("the delivery to succeed", WAIT,
                    () -> db.webhooks().getDelivery(id).state() == DeliveryState.SUCCEEDED);
            assertThat(receiver.received()).hasSize(1);
            Receiver.Received r = receiver.received().get(0);
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.path()).isEqualTo("/hook");
            assertThat(r.body()).isEqualTo("{\"scenario\":\"slow\"}");
            assertThat(r.header("X-Team")).isEqualTo("qa");
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.header("X-Webhook-Event")).isEqualTo("scenario.changed");
            assertThat(r.header("X-Webhook-Delivery")).isEqualTo(Long.toString(id));
            assertThat(r.header("X-Webhook-Attempt")).isEqualTo("1");
            assertThat(r.header("X-Signature")).matches("t=\\d+,v1=[0-9a-f]{64}");
            assertThat(verified).hasValue(1);
            assertThat(WebhookSignatures.verify("another-secret-value", r.body(), r.header("X-Signature"),
                    Instant.now())).isFalse();

            List<DeliveryAttempt> attempts = db.webhooks().attempts(id);
            assertThat(attempts).hasSize(1);
            assertThat(attempts.get(0).success()).isTrue();
            assertThat(attempts.get(0).responseStatus()).contains(202);
            assertThat(attempts.get(0).responseBody()).contains("status 202");
            assertThat(attempts.get(0).deliveryTimeMs()).isPresent();
            assertThat(db.webhooks().stats(w.id()).successRate()).hasValue(1.0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aServerErrorIsRetriedOnceThenSucceeds(DbTarget target) throws Exception {
        MockLoopDb db = db(target);
        try (Receiver receiver = new Receiver();
             WebhookDispatcher dispatcher = db.webhooks().dispatcher(options("d1"))) {
            AtomicInteger calls = new AtomicInteger();
            receiver.respond(r -> Answer.of(calls.incrementAndGet() == 1 ? 500 : 200));
            db.webhooks().create("petstore", WebhookSpec.of("a", receiver.url("/"), "server.started"));
            long id = db.webhooks().publish("petstore", "server.started", "{}").get(0);
            dispatcher.start();

            await("the retry to succeed", WAIT, () -> db.webhooks().getDelivery(id).state() == DeliveryState.SUCCEEDED);
            assertThat(db.webhooks().attempts(id)).extracting(a -> a.attemptNumber() + ":" + a.responseStatus().orElse(0)
                    + ":" + a.success()).containsExactly("1:500:false", "2:200:true");
            assertThat(receiver.received()).extracting(r -> r.header("X-Webhook-Attempt")).containsExactly("1", "2");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aTimeoutIsRecordedAndRetried(DbTarget target) throws Exception {
        MockLoopDb db = db(target);
        try (Receiver receiver = new Receiver();
             WebhookDispatcher dispatcher = db.webhooks().dispatcher(options("d1")
                     .withTimeout(Duration.ofMillis(300)).withRetryPolicy(RetryPolicy.of(Duration.ofMillis(10), 1)))) {
            receiver.respond(r -> new Answer(200, 1500));
            db.webhooks().create("petstore", WebhookSpec.of("a", receiver.url("/"), "server.started"));
            long id = db.webhooks().publish("petstore", "server.started", "{}").get(0);
            dispatcher.start();

            await("the delivery to die after two timeouts", WAIT,
                    () -> db.webhooks().getDelivery(id).state() == DeliveryState.DEAD);
            List<DeliveryAttempt> attempts = db.webhooks().attempts(id);
            assertThat(attempts).hasSize(2);
            assertThat(attempts).allSatisfy(a -> {
                assertThat(a.success()).isFalse();
                assertThat(a.responseStatus()).isEmpty();
                assertThat(a.errorMessage().orElseThrow()).startsWith("timed out after");
                assertThat(a.deliveryTimeMs().orElseThrow()).isBetween(250, 1400);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aNotFoundIsFinalAndCanBeRedeliveredByHand(DbTarget target) throws Exception {
        MockLoopDb db = db(target);
        try (Receiver receiver = new Receiver();
             WebhookDispatcher dispatcher = db.webhooks().dispatcher(options("d1"))) {
            AtomicInteger status = new AtomicInteger(404);
            receiver.respond(r -> Answer.of(status.get()));
            db.webhooks().create("petstore", WebhookSpec.of("a", receiver.url("/gone"), "server.stopped"));
            long id = db.webhooks().publish("petstore", "server.stopped", "{}").get(0);
            dispatcher.start();

            await("the delivery to die", WAIT, () -> db.webhooks().getDelivery(id).state() == DeliveryState.DEAD);
            WebhookFixtures.sleep(100);
            assertThat(receiver.received()).hasSize(1);
            assertThat(db.webhooks().attempts(id)).singleElement()
                    .satisfies(a -> assertThat(a.responseStatus()).contains(404));

            status.set(200);
            db.webhooks().redeliver(id);
            await("the redelivery to succeed", WAIT,
                    () -> db.webhooks().getDelivery(id).state() == DeliveryState.SUCCEEDED);
            assertThat(receiver.received()).hasSize(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void claimsOfAKilledWorkerExpireAndAreDeliveredByAnother(DbTarget target) throws Exception {
        MockLoopDb db = db(target);
        try (Receiver receiver = new Receiver()) {
            db.webhooks().create("petstore", WebhookSpec.of("a", receiver.url("/"), "request.received"));
            for (int i = 0; i < 5; i++) {
                db.webhooks().publish("petstore", "request.received", "{\"i\":" + i + "}");
            }
            // a worker that claims and then dies without sending, recording or releasing anything
            List<ClaimedDelivery> orphaned = db.webhooks().claimDue(5, "killed-worker", Duration.ofMillis(500));
            assertThat(orphaned).hasSize(5);

            try (WebhookDispatcher survivor = db.webhooks().dispatcher(options("survivor"))) {
                survivor.start();
                WebhookFixtures.sleep(200);
                assertThat(receiver.received()).as("nothing is sent while the claims hold").isEmpty();
                await("the orphaned deliveries to be sent", WAIT, () -> db.webhooks().listDeliveries(
                        orphaned.get(0).webhook().id(), DeliveryState.SUCCEEDED).size() == 5);
            }
            assertThat(receiver.perDelivery()).hasSize(5).allSatisfy((k, v) -> assertThat(v).hasValue(1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void stoppingLetsSendsInFlightFinishAndReleasesTheRest(DbTarget target) throws Exception {
        MockLoopDb db = db(target);
        try (Receiver receiver = new Receiver()) {
            receiver.respond(r -> new Answer(200, 400));
            Webhook w = db.webhooks().create("petstore", WebhookSpec.of("a", receiver.url("/"), "request.received"));
            for (int i = 0; i < 6; i++) {
                db.webhooks().publish("petstore", "request.received", "{\"i\":" + i + "}");
            }
            WebhookDispatcher d = db.webhooks().dispatcher(options("stopper").withConcurrency(2));
            d.start();
            await("two sends in flight", WAIT, () -> receiver.received().size() == 2);
            d.close();
            assertThat(d.isRunning()).isFalse();
            assertThatThrownBy(d::start).isInstanceOf(IllegalStateException.class);

            List<Delivery> all = db.webhooks().listDeliveries(w.id());
            assertThat(all).filteredOn(x -> x.state() == DeliveryState.SUCCEEDED).hasSize(2);
            assertThat(all).filteredOn(x -> x.state() == DeliveryState.PENDING).hasSize(4)
                    .allSatisfy(x -> assertThat(x.claimedBy()).isEmpty());

            try (WebhookDispatcher next = db.webhooks().dispatcher(options("next").withConcurrency(4))) {
                next.start();
                await("the rest to be sent", WAIT, () -> db.webhooks().listDeliveries(w.id(),
                        DeliveryState.SUCCEEDED).size() == 6);
            }
            assertThat(receiver.perDelivery()).hasSize(6).allSatisfy((k, v) -> assertThat(v).hasValue(1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void theTimeoutComesFromTheSystemSettingAndOptionsAreValidated(DbTarget target) {
        MockLoopDb db = db(target);
        assertThatThrownBy(() -> DispatcherOptions.defaults().withConcurrency(0))
                .isInstanceOf(ValidationException.class).hasMessage("concurrency must be 1 to 64 (was 0)");
        assertThatThrownBy(() -> DispatcherOptions.defaults().withWorkerId(" "))
                .isInstanceOf(ValidationException.class)
                .hasMessage("workerId must be 1 to 255 characters and not blank (was ' ')");
        assertThatThrownBy(() -> DispatcherOptions.defaults().withWorkerId(null))
                .isInstanceOf(NullPointerException.class).hasMessage("workerId");
        assertThatThrownBy(() -> DispatcherOptions.defaults().withRetryPolicy(null))
                .isInstanceOf(NullPointerException.class).hasMessage("retryPolicy");
        assertThatThrownBy(() -> DispatcherOptions.defaults().withStopGrace(null))
                .isInstanceOf(NullPointerException.class).hasMessage("stopGrace");
        assertThat(DispatcherOptions.defaults()).satisfies(o -> {
            assertThat(o.concurrency()).isEqualTo(DispatcherOptions.DEFAULT_CONCURRENCY);
            assertThat(o.pollInterval()).isEqualTo(DispatcherOptions.DEFAULT_POLL_INTERVAL);
            assertThat(o.stopGrace()).isEqualTo(DispatcherOptions.DEFAULT_STOP_GRACE);
            assertThat(o.timeout()).isEmpty();
        });
        assertThatThrownBy(() -> db.inTransaction(tx -> tx.webhooks().dispatcher(DispatcherOptions.defaults())))
                .isInstanceOf(IllegalStateException.class);
        db.config().setWebhookTimeout(Duration.ofSeconds(2));
        try (WebhookDispatcher d = db.webhooks().dispatcher(DispatcherOptions.defaults().withWorkerId("cfg"))) {
            d.start();
            assertThat(d.workerId()).isEqualTo("cfg");
            assertThat(d.toString()).isEqualTo("WebhookDispatcher[cfg, running, timeout 2000 ms]");
        }
    }
}
