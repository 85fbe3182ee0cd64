package io.mockloop.db.webhook;

import static io.mockloop.db.internal.jooq.generated.Tables.WEBHOOKS;
import static io.mockloop.db.internal.jooq.generated.Tables.WEBHOOK_DELIVERIES;
import static io.mockloop.db.internal.jooq.generated.Tables.WEBHOOK_OUTBOX;
import static io.mockloop.db.webhook.WebhookFixtures.count;
import static io.mockloop.db.webhook.WebhookFixtures.server;
import static io.mockloop.db.webhook.WebhookFixtures.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.ConflictException;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.NotFoundException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The WebhookStore contract, on every database target. */
class WebhookStoreTest {

    private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(1), 2, Duration.ofMillis(5), 0.0);

    private static MockLoopDb db(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        server(db, "petstore");
        server(db, "billing");
        return db;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void createdWebhookReadsBackWithDefaults(DbTarget target) {
        MockLoopDb db = db(target);
        String secret = db.webhooks().generateSecret();
        Webhook w = db.webhooks().create("petstore", WebhookSpec.of("audit", "https://example.com/hook",
                WebhookEvents.SCENARIO_CHANGED, "x-deploy.done").withHeaders(Map.of("X-Team", "a")).withSecret(secret));

        assertThat(w.id()).isPositive();
        assertThat(w.serverId()).isEqualTo("petstore");
        assertThat(w.method()).isEqualTo(WebhookMethod.POST);
        assertThat(w.events()).containsExactly("scenario.changed", "x-deploy.done");
        assertThat(w.headers()).containsExactlyEntriesOf(Map.of("X-Team", "a"));
        assertThat(w.secretKey()).contains(secret);
        assertThat(secret).hasSize(43);
        assertThat(w.active()).isTrue();
        assertThat(w.createdAt()).isBetween(Instant.now().minusSeconds(10), Instant.now().plusSeconds(1));
        assertThat(w.toString()).doesNotContain(secret);
        assertThat(db.webhooks().get(w.id())).isEqualTo(w);
        assertThat(db.webhooks().find(w.id() + 1000)).isEmpty();
        assertThatThrownBy(() -> db.webhooks().get(w.id() + 1000)).isInstanceOf(NotFoundException.class)
                .hasMessage("webhook '" + (w.id() + 1000) + "' not found");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void updateEnableDisableAndDeleteChangeOnlyWhatTheySay(DbTarget target) {
        MockLoopDb db = db(target);
        Webhook w = db.webhooks().create("petstore", WebhookSpec.of("a", "http://example.com/a", "server.started"));
        Webhook u = db.webhooks().update(w.id(), w.toSpec().withUrl("https://example.com/b")
                .withMethod(WebhookMethod.PATCH).withEvents(Set.of("server.stopped")));
        assertThat(u.url()).isEqualTo("https://example.com/b");
        assertThat(u.method()).isEqualTo(WebhookMethod.PATCH);
        assertThat(u.events()).containsExactly("server.stopped");
        assertThat(u.serverId()).isEqualTo("petstore");
        assertThat(u.createdAt()).isEqualTo(w.createdAt());

        assertThat(db.webhooks().setActive(w.id(), false).active()).isFalse();
        assertThat(db.webhooks().setActive(w.id(), true).active()).isTrue();
        assertThatThrownBy(() -> db.webhooks().setActive(999_999, true)).isInstanceOf(NotFoundException.class)
                .hasMessage("webhook '999999' not found");
        assertThatThrownBy(() -> db.webhooks().update(999_999, w.toSpec())).isInstanceOf(NotFoundException.class);

        db.webhooks().publish("petstore", "server.stopped", "{}");
        assertThat(db.webhooks().delete(w.id())).isTrue();
        assertThat(db.webhooks().delete(w.id())).isFalse();
        assertThat(count(db, WEBHOOKS)).isZero();
        assertThat(count(db, WEBHOOK_OUTBOX)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void listFiltersByServerEventAndActiveFlag(DbTarget target) {
        MockLoopDb db = db(target);
        WebhookStore s = db.webhooks();
        Webhook a = s.create("petstore", WebhookSpec.of("a", "http://h/a", "request.received", "response.sent"));
        Webhook b = s.create("petstore", WebhookSpec.of("b", "http://h/b", "response.sent"));
        Webhook c = s.create("billing", WebhookSpec.of("c", "http://h/c", "request.received"));
        s.setActive(b.id(), false);

        assertThat(s.list(WebhookQuery.all())).extracting(Webhook::name).containsExactly("a", "b", "c");
        assertThat(s.list(WebhookQuery.forServer("petstore"))).extracting(Webhook::id).containsExactly(a.id(), b.id());
        assertThat(s.list(WebhookQuery.all().withEvent("request.received"))).extracting(Webhook::id)
                .containsExactly(a.id(), c.id());
        assertThat(s.list(WebhookQuery.forServer("petstore").withEvent("response.sent").withActiveOnly()))
                .extracting(Webhook::id).containsExactly(a.id());
        assertThat(s.list(WebhookQuery.forServer("nobody"))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void invalidInputIsRefusedTypedAndWritesNothing(DbTarget target) {
        MockLoopDb db = db(target);
        WebhookStore s = db.webhooks();

        assertThatThrownBy(() -> WebhookSpec.of("a", "ftp://example.com/x", "server.started"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("url must be an absolute http or https URL with a host, at most 2048 characters"
                        + " (was 'ftp://example.com/x')");
        assertThatThrownBy(() -> WebhookSpec.of("a", "/relative", "server.started"))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("url must be an absolute");
        assertThatThrownBy(() -> WebhookSpec.of("a", "http://exa mple.com", "server.started"))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("url must be an absolute");
        assertThatThrownBy(() -> WebhookSpec.of("a", "http://example.com"))
                .isInstanceOf(ValidationException.class).hasMessage("events must name at least one event (was [])");
        assertThatThrownBy(() -> WebhookSpec.of("a", "http://example.com", "server.exploded"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("events must be one of [request.received, response.sent, scenario.changed, server.error,"
                        + " server.started, server.stopped] or a custom event starting with 'x-' (printable ASCII, no"
                        + " spaces, at most 255 characters) (was 'server.exploded')");
        assertThatThrownBy(() -> WebhookSpec.of(" ", "http://example.com", "server.started"))
                .isInstanceOf(ValidationException.class).hasMessage("name must be 1 to 255 characters and not blank"
                        + " (was ' ')");
        WebhookSpec ok = WebhookSpec.of("a", "http://example.com", "server.started");
        assertThatThrownBy(() -> ok.withHeaders(Map.of("Host", "evil")))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("headers must not set");
        assertThatThrownBy(() -> ok.withHeaders(Map.of("X-A", "a\r\nX-B: b")))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("headers values must be present");
        assertThatThrownBy(() -> ok.withSecret("short"))
                .isInstanceOf(ValidationException.class)
                .hasMessage("secretKey must be 16 to 255 printable ASCII characters without spaces (was '****')");
        assertThatThrownBy(() -> WebhookSpec.of(null, "http://example.com", "server.started"))
                .isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> WebhookSpec.of("a", null, "server.started"))
                .isInstanceOf(NullPointerException.class).hasMessage("url");
        assertThatThrownBy(() -> ok.withMethod(null)).isInstanceOf(NullPointerException.class).hasMessage("method");
        assertThatThrownBy(() -> ok.withHeaders(null)).isInstanceOf(NullPointerException.class).hasMessage("headers");
        assertThatThrownBy(() -> ok.withEvents(null)).isInstanceOf(NullPointerException.class).hasMessage("events");
        assertThatThrownBy(() -> ok.withSecret(null)).isInstanceOf(NullPointerException.class).hasMessage("secret");
        assertThat(ok.withSecret(WebhookSignatures.generateSecret()).withoutSecret().secretKey()).isEmpty();
        assertThatThrownBy(() -> AttemptOutcome.response(200, null, Duration.ZERO))
                .isInstanceOf(NullPointerException.class).hasMessage("body");
        assertThat(AttemptOutcome.response(200, Duration.ZERO).responseBody()).isEmpty();
        assertThatThrownBy(() -> s.create(null, ok)).isInstanceOf(NullPointerException.class)
                .hasMessage("serverId");
        assertThatThrownBy(() -> s.create("nobody", ok)).isInstanceOf(NotFoundException.class)
                .hasMessage("server 'nobody' not found");
        assertThatThrownBy(() -> s.create(" ", ok)).isInstanceOf(ValidationException.class)
                .hasMessage("serverId must be 1 to 255 characters and not blank (was ' ')");
        assertThat(count(db, WEBHOOKS)).isZero();

        s.create("petstore", ok);
        assertThatThrownBy(() -> s.publish("petstore", "nope", "{}")).isInstanceOf(ValidationException.class)
                .hasMessageStartingWith("event must be one of");
        assertThatThrownBy(() -> s.publish("nobody", "server.started", "{}")).isInstanceOf(NotFoundException.class)
                .hasMessage("server 'nobody' not found");
        assertThatThrownBy(() -> s.publish("petstore", "server.started", "x".repeat(65_536)))
                .isInstanceOf(ValidationException.class)
                .hasMessage("payload must be at most 65535 bytes in UTF-8 (was '65536 bytes')");
        assertThatThrownBy(() -> s.claimDue(0, "w")).isInstanceOf(ValidationException.class)
                .hasMessage("limit must be 1 to 1000 (was 0)");
        assertThatThrownBy(() -> s.claimDue(1, "")).isInstanceOf(ValidationException.class)
                .hasMessage("workerId must be 1 to 255 characters and not blank (was '')");
        assertThatThrownBy(() -> s.claimDue(1, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("workerId");
        assertThatThrownBy(() -> s.publish("petstore", "server.started", null))
                .isInstanceOf(NullPointerException.class).hasMessage("payload");
        assertThatThrownBy(() -> s.publish("petstore", null, "{}"))
                .isInstanceOf(NullPointerException.class).hasMessage("event");
        assertThatThrownBy(() -> s.purgeDeliveries(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("olderThan");
        assertThatThrownBy(() -> s.history(DeliveryQuery.all().after("garbage"))).isInstanceOf(ValidationException.class)
                .hasMessage("cursor must be a cursor returned by a previous page (was 'garbage')");
        assertThatThrownBy(() -> DeliveryQuery.all().withLimit(0)).isInstanceOf(ValidationException.class)
                .hasMessage("limit must be 1 to 1000 (was 0)");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(1), 21, Duration.ofSeconds(1), 0))
                .isInstanceOf(ValidationException.class).hasMessage("maxRetries must be 0 to 20 (was 21)");
        assertThat(count(db, WEBHOOK_OUTBOX)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void publishRecordsOnePendingDeliveryPerActiveSubscribedWebhook(DbTarget target) {
        MockLoopDb db = db(target);
        WebhookStore s = db.webhooks();
        Webhook a = s.create("petstore", WebhookSpec.of("a", "http://h/a", "scenario.changed"));
        Webhook b = s.create("petstore", WebhookSpec.of("b", "http://h/b", "scenario.changed", "server.started"));
        Webhook off = s.create("petstore", WebhookSpec.of("off", "http://h/off", "scenario.changed"));
        s.setActive(off.id(), false);
        s.create("petstore", WebhookSpec.of("other", "http://h/o", "server.started"));
        s.create("billing", WebhookSpec.of("billing", "http://h/x", "scenario.changed"));

        List<Long> ids = s.publish("petstore", "scenario.changed", "{\"to\":\"checkout-fails\"}");

        assertThat(ids).hasSize(2);
        Delivery d = s.getDelivery(ids.get(0));
        assertThat(d.webhookId()).isEqualTo(a.id());
        assertThat(d.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(d.attempts()).isZero();
        assertThat(d.payload()).isEqualTo("{\"to\":\"checkout-fails\"}");
        assertThat(d.claimedBy()).isEmpty();
        assertThat(s.getDelivery(ids.get(1)).webhookId()).isEqualTo(b.id());
        assertThat(s.publish("petstore", "x-nobody-listens", "{}")).isEmpty();
        assertThat(s.findDelivery(999_999)).isEmpty();
        assertThatThrownBy(() -> s.getDelivery(999_999)).isInstanceOf(NotFoundException.class)
                .hasMessage("delivery '999999' not found");
        assertThat(s.listDeliveries(a.id())).extracting(Delivery::id).containsExactly(ids.get(0));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void publishJoinsTheCallersTransaction(DbTarget target) {
        MockLoopDb db = db(target);
        db.webhooks().create("petstore", WebhookSpec.of("a", "http://h/a", "scenario.changed"));

        assertThatThrownBy(() -> db.useTransaction(tx -> {
            tx.webhooks().publish("petstore", "scenario.changed", "{}");
            throw new IllegalStateException("the scenario switch failed");
        })).hasMessageContaining("the scenario switch failed");
        assertThat(count(db, WEBHOOK_OUTBOX)).isZero();

        List<Long> ids = db.inTransaction(tx -> tx.webhooks().publish("petstore", "scenario.changed", "{}"));
        assertThat(ids).hasSize(1);
        assertThat(count(db, WEBHOOK_OUTBOX)).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void eachDueDeliveryIsClaimedOnceAndAnExpiredClaimIsDueAgain(DbTarget target) {
        MockLoopDb db = db(target);
        WebhookStore s = db.webhooks();
        s.create("petstore", WebhookSpec.of("a", "http://h/a", "server.started"));
        s.publish("petstore", "server.started", "{\"n\":1}");
        s.publish("petstore", "server.started", "{\"n\":2}");

        List<ClaimedDelivery> first = s.claimDue(10, "worker-a", Duration.ofMillis(300));
        assertThat(first).hasSize(2);
        assertThat(first.get(0).attemptNumber()).isEqualTo(1);
        assertThat(first.get(0).webhook().url()).isEqualTo("http://h/a");
        assertThat(first.get(0).payload()).isEqualTo("{\"n\":1}");
        assertThat(s.getDelivery(first.get(0).deliveryId()).state()).isEqualTo(DeliveryState.IN_FLIGHT);
        assertThat(s.getDelivery(first.get(0).deliveryId()).claimedBy()).contains("worker-a");
        assertThat(s.claimDue(10, "worker-b")).isEmpty();

        sleep(400);
        List<ClaimedDelivery> again = s.claimDue(10, "worker-b");
        assertThat(again).extracting(ClaimedDelivery::deliveryId)
                .containsExactlyElementsOf(first.stream().map(ClaimedDelivery::deliveryId).toList());

        // worker-a lost its claim: its late attempt is recorded, but the delivery stays worker-b's
        Delivery d = s.recordAttempt(first.get(0), AttemptOutcome.response(200, "ok", Duration.ofMillis(3)));
        assertThat(d.state()).isEqualTo(DeliveryState.IN_FLIGHT);
        assertThat(d.claimedBy()).contains("worker-b");
        assertThat(s.release(first.get(1))).isFalse();
        assertThat(s.release(again.get(1))).isTrue();
        assertThat(s.getDelivery(again.get(1).deliveryId()).state()).isEqualTo(DeliveryState.PENDING);
        assertThat(s.recordAttempt(again.get(0), AttemptOutcome.response(204, Duration.ofMillis(3))).state())
                .isEqualTo(DeliveryState.SUCCEEDED);
        assertThat(s.attempts(again.get(0).deliveryId())).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void retryableFailuresAreRetriedWithBackoffUntilTheDeliveryIsDead(DbTarget target) {
        MockLoopDb db = db(target);
        WebhookStore s = db.webhooks();
        s.create("petstore", WebhookSpec.of("a", "http://h/a", "server.error"));
        long id = s.publish("petstore", "server.error", "{}").get(0);

        List<AttemptOutcome> failures = List.of(AttemptOutcome.response(503, "busy", Duration.ofMillis(5)),
                AttemptOutcome.timeout(Duration.ofMillis(7)), AttemptOutcome.response(429, "slow down", Duration.ZERO));
        for (int i = 0; i < failures.size(); i++) {
            List<ClaimedDelivery> c = claimSoon(s, "w");
            assertThat(c).hasSize(1);
            assertThat(c.get(0).attemptNumber()).isEqualTo(i + 1);
            Delivery d = s.recordAttempt(c.get(0), failures.get(i), FAST);
            assertThat(d.attempts()).isEqualTo(i + 1);
            assertThat(d.state()).isEqualTo(i < 2 ? DeliveryState.PENDING : DeliveryState.DEAD);
        }
        assertThat(s.getDelivery(id).lastError()).contains("HTTP 429");
        sleep(20);
        assertThat(s.claimDue(10, "w")).isEmpty();

        List<DeliveryAttempt> attempts = s.attempts(id);
        assertThat(attempts).extracting(DeliveryAttempt::attemptNumber).containsExactly(1, 2, 3);
        assertThat(attempts).extracting(DeliveryAttempt::responseStatus)
                .containsExactly(Optional.of(503), Optional.empty(), Optional.of(429));
        assertThat(attempts.get(1).errorMessage()).contains("timed out after 7 ms");
        assertThat(attempts.get(0).responseBody()).contains("busy");
        assertThat(attempts).allSatisfy(a -> assertThat(a.success()).isFalse());

        Delivery again = s.redeliver(id);
        assertThat(again.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(again.attempts()).isZero();
        assertThatThrownBy(() -> s.redeliver(id)).isInstanceOf(ConflictException.class)
                .hasMessage("delivery " + id + " is PENDING, not DEAD; only a dead delivery can be redelivered");
        assertThatThrownBy(() -> s.redeliver(999_999)).isInstanceOf(NotFoundException.class);
        ClaimedDelivery c = claimSoon(s, "w").get(0);
        assertThat(c.attemptNumber()).isEqualTo(1);
        assertThat(s.recordAttempt(c, AttemptOutcome.response(200, "ok", Duration.ofMillis(1)), FAST).state())
                .isEqualTo(DeliveryState.SUCCEEDED);
        assertThat(s.attempts(id)).hasSize(4);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void otherClientErrorsAreFinalAndLongBodiesAreCut(DbTarget target) {
        MockLoopDb db = db(target);
        WebhookStore s = db.webhooks();
        s.create("petstore", WebhookSpec.of("a", "http://h/a", "server.error"));
        s.publish("petstore", "server.error", "{\"n\":1}");
        s.publish("petstore", "server.error", "{\"n\":2}");
        List<ClaimedDelivery> c = s.claimDue(2, "w");

        Delivery notFound = s.recordAttempt(c.get(0), AttemptOutcome.response(404, "é".repeat(5000),
                Duration.ofMillis(2)), FAST);
        assertThat(notFound.state()).isEqualTo(DeliveryState.DEAD);
        assertThat(s.attempts(notFound.id()).get(0).responseBody().orElseThrow())
                .hasSize(WebhookStore.RESPONSE_EXCERPT_CHARS);
        Delivery network = s.recordAttempt(c.get(1), AttemptOutcome.networkError("ConnectException: refused",
                Duration.ofMillis(1)), RetryPolicy.DEFAULT);
        assertThat(network.state()).isEqualTo(DeliveryState.PENDING);
        assertThat(network.nextAttemptAt()).isAfter(Instant.now().plusSeconds(3));
        assertThat(network.lastError()).contains("ConnectException: refused");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void historyPagesNewestFirstFiltersAndFeedsStatsAndPurge(DbTarget target) {
        MockLoopDb db = db(target);
        WebhookStore s = db.webhooks();
        Webhook a = s.create("petstore", WebhookSpec.of("a", "http://h/a", "server.started", "server.stopped"));
        Webhook b = s.create("petstore", WebhookSpec.of("b", "http://h/b", "server.stopped"));
        for (int i = 0; i < 5; i++) {
            s.publish("petstore", i % 2 == 0 ? "server.started" : "server.stopped", "{\"i\":" + i + "}");
        }
        Instant before = Instant.now().minusSeconds(1);
        List<ClaimedDelivery> claims = s.claimDue(100, "w");
        assertThat(claims).hasSize(7);
        int n = 0;
        for (ClaimedDelivery c : claims) {
            boolean ok = n++ % 3 != 0;
            s.recordAttempt(c, ok ? AttemptOutcome.response(200, "ok", Duration.ofMillis(10))
                    : AttemptOutcome.response(500, "no", Duration.ofMillis(30)), FAST);
        }

        List<DeliveryAttempt> all = new ArrayList<>();
        DeliveryPage page = s.history(DeliveryQuery.all().withLimit(3));
        while (true) {
            all.addAll(page.items());
            if (page.nextCursor().isEmpty()) {
                break;
            }
            page = s.history(DeliveryQuery.all().withLimit(3).after(page.nextCursor().get()));
        }
        assertThat(all).hasSize(7);
        assertThat(all).extracting(DeliveryAttempt::id).doesNotHaveDuplicates();
        for (int i = 1; i < all.size(); i++) {
            DeliveryAttempt newer = all.get(i - 1);
            DeliveryAttempt older = all.get(i);
            assertThat(newer.deliveredAt().isAfter(older.deliveredAt())
                    || newer.deliveredAt().equals(older.deliveredAt()) && newer.id() > older.id()).isTrue();
        }
        assertThat(s.history(DeliveryQuery.forWebhook(b.id())).items()).hasSize(2)
                .allSatisfy(x -> assertThat(x.webhookId()).isEqualTo(b.id()));
        assertThat(s.history(DeliveryQuery.all().withEvent("server.started")).items()).hasSize(3);
        assertThat(s.history(DeliveryQuery.all().withSuccess(false)).items()).hasSize(3);
        assertThat(s.history(DeliveryQuery.all().between(before, Instant.now().plusSeconds(5))).items()).hasSize(7);
        assertThat(s.history(DeliveryQuery.all().between(before.minusSeconds(60), before)).items()).isEmpty();

        WebhookStats stats = s.stats(a.id());
        assertThat(stats.attempts()).isEqualTo(5);
        long aFailures = s.history(DeliveryQuery.forWebhook(a.id()).withSuccess(false)).items().size();
        assertThat(stats.successes()).isEqualTo(5 - aFailures);
        assertThat(stats.successRate()).hasValue((5.0 - aFailures) / 5.0);
        assertThat(stats.averageDeliveryTime()).contains(Duration.ofMillis(Math.round((aFailures * 30
                + (5 - aFailures) * 10) / 5.0)));
        assertThat(s.stats(999_999)).isEqualTo(new WebhookStats(999_999, 0, 0, Optional.empty()));
        assertThat(s.stats(999_999).successRate()).isEmpty();

        assertThat(s.countPurgeable(WebhookStore.DEFAULT_RETENTION)).isZero();
        assertThat(s.purgeDeliveries()).isZero();
        sleep(5);
        long attempts = count(db, WEBHOOK_DELIVERIES);
        assertThat(attempts).isPositive();
        assertThat(s.countPurgeable(Duration.ZERO)).isEqualTo(attempts);
        assertThat(count(db, WEBHOOK_DELIVERIES)).isEqualTo(attempts);
        assertThat(s.purgeDeliveries(Duration.ZERO)).isEqualTo(attempts);
        assertThat(s.countPurgeable(Duration.ZERO)).isZero();
        assertThat(count(db, WEBHOOK_DELIVERIES)).isZero();
        assertThat(s.listDeliveries(a.id(), DeliveryState.SUCCEEDED)).isEmpty();
        assertThat(s.listDeliveries(a.id(), DeliveryState.PENDING)).isNotEmpty();
        assertThatThrownBy(() -> s.listDeliveries(a.id(), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("state");
        assertThatThrownBy(() -> s.purgeDeliveries(Duration.ofSeconds(-1))).isInstanceOf(ValidationException.class)
                .hasMessage("olderThan must not be negative (was PT-1S)");
        assertThatThrownBy(() -> s.countPurgeable(Duration.ofSeconds(-1))).isInstanceOf(ValidationException.class)
                .hasMessage("olderThan must not be negative (was PT-1S)");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void deletingTheServerCascadesToWebhooksDeliveriesAndAttempts(DbTarget target) {
        MockLoopDb db = db(target);
        WebhookStore s = db.webhooks();
        s.create("billing", WebhookSpec.of("a", "http://h/a", "server.started"));
        s.publish("billing", "server.started", "{}");
        ClaimedDelivery c = s.claimDue(1, "w").get(0);
        s.recordAttempt(c, AttemptOutcome.response(200, "", Duration.ZERO));

        InternalAccess.dsl(db).deleteFrom(io.mockloop.db.internal.jooq.generated.Tables.MOCK_SERVERS)
                .where(io.mockloop.db.internal.jooq.generated.Tables.MOCK_SERVERS.ID.eq("billing")).execute();

        assertThat(count(db, WEBHOOKS)).isZero();
        assertThat(count(db, WEBHOOK_OUTBOX)).isZero();
        assertThat(count(db, WEBHOOK_DELIVERIES)).isZero();
    }

    private static List<ClaimedDelivery> claimSoon(WebhookStore s, String worker) {
        long deadline = System.currentTimeMillis() + 2000;
        while (true) {
            List<ClaimedDelivery> c = s.claimDue(10, worker);
            if (!c.isEmpty() || System.currentTimeMillis() > deadline) {
                return c;
            }
            sleep(5);
        }
    }
}
