package io.mockloop.db.internal.webhook;

import static io.mockloop.db.internal.jooq.generated.Tables.MOCK_SERVERS;
import static io.mockloop.db.internal.jooq.generated.Tables.WEBHOOKS;
import static io.mockloop.db.internal.jooq.generated.Tables.WEBHOOK_DELIVERIES;
import static io.mockloop.db.internal.jooq.generated.Tables.WEBHOOK_OUTBOX;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.mockloop.db.ConflictException;
import io.mockloop.db.DatabaseType;
import io.mockloop.db.MockLoopDbException;
import io.mockloop.db.NotFoundException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.internal.TextRules;
import io.mockloop.db.internal.TimeRules;
import io.mockloop.db.internal.config.JooqConfigStore;
import io.mockloop.db.internal.jooq.generated.tables.records.WebhookDeliveriesRecord;
import io.mockloop.db.internal.jooq.generated.tables.records.WebhookOutboxRecord;
import io.mockloop.db.internal.jooq.generated.tables.records.WebhooksRecord;
import io.mockloop.db.webhook.AttemptOutcome;
import io.mockloop.db.webhook.ClaimedDelivery;
import io.mockloop.db.webhook.Delivery;
import io.mockloop.db.webhook.DeliveryAttempt;
import io.mockloop.db.webhook.DeliveryPage;
import io.mockloop.db.webhook.DeliveryQuery;
import io.mockloop.db.webhook.DeliveryState;
import io.mockloop.db.webhook.DispatcherOptions;
import io.mockloop.db.webhook.RetryPolicy;
import io.mockloop.db.webhook.Webhook;
import io.mockloop.db.webhook.WebhookDispatcher;
import io.mockloop.db.webhook.WebhookEvents;
import io.mockloop.db.webhook.WebhookMethod;
import io.mockloop.db.webhook.WebhookQuery;
import io.mockloop.db.webhook.WebhookSpec;
import io.mockloop.db.webhook.WebhookStats;
import io.mockloop.db.webhook.WebhookStore;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.SelectLimitPercentStep;
import org.jooq.impl.DSL;

/**
 * {@link WebhookStore} over jOOQ. Stateless apart from its context; thread-safe.
 *
 * <p>Exactly-once claiming: on PostgreSQL and MariaDB the due rows are selected {@code FOR UPDATE SKIP LOCKED} and
 * marked in the same transaction, so concurrent claimers never see each other's rows; on SQLite every transaction
 * is {@code BEGIN IMMEDIATE} (one writer at a time), so select-then-update in one transaction is already
 * exclusive. A claim sets {@code next_attempt_at} to the claim's expiry, so "due" is one indexed condition:
 * {@code state IN (PENDING, IN_FLIGHT) AND next_attempt_at <= now}.
 */
public final class JooqWebhookStore implements WebhookStore {

    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> EVENTS = new TypeReference<>() {
    };
    private static final int MAX_ERROR_CHARS = 2000;

    private final StoreContext ctx;

    /** @param ctx the context statements run on */
    public JooqWebhookStore(StoreContext ctx) {
        this.ctx = ctx;
    }

    // ---------------------------------------------------------------- webhooks

    @Override
    public Webhook create(String serverId, WebhookSpec spec) {
        requireServerId(serverId);
        java.util.Objects.requireNonNull(spec, "spec");
        return run("creating a webhook", c -> {
            requireServer(c.dsl(), serverId);
            Instant now = now();
            Long id = c.dsl().insertInto(WEBHOOKS)
                    .set(WEBHOOKS.SERVER_ID, serverId)
                    .set(WEBHOOKS.NAME, spec.name())
                    .set(WEBHOOKS.URL, spec.url())
                    .set(WEBHOOKS.METHOD, spec.method().name())
                    .set(WEBHOOKS.HEADERS, spec.headers().isEmpty() ? null : toJson(spec.headers()))
                    .set(WEBHOOKS.EVENTS, toJson(new ArrayList<>(spec.events())))
                    .set(WEBHOOKS.SECRET_KEY, spec.secretKey().orElse(null))
                    .set(WEBHOOKS.IS_ACTIVE, true)
                    .set(WEBHOOKS.CREATED_AT, now)
                    .set(WEBHOOKS.UPDATED_AT, now)
                    .returning(WEBHOOKS.ID).fetchOne(WEBHOOKS.ID);
            return getIn(c.dsl(), id);
        });
    }

    @Override
    public Webhook update(long id, WebhookSpec spec) {
        java.util.Objects.requireNonNull(spec, "spec");
        return run("updating webhook " + id, c -> {
            getIn(c.dsl(), id);
            c.dsl().update(WEBHOOKS)
                    .set(WEBHOOKS.NAME, spec.name())
                    .set(WEBHOOKS.URL, spec.url())
                    .set(WEBHOOKS.METHOD, spec.method().name())
                    .set(WEBHOOKS.HEADERS, spec.headers().isEmpty() ? null : toJson(spec.headers()))
                    .set(WEBHOOKS.EVENTS, toJson(new ArrayList<>(spec.events())))
                    .set(WEBHOOKS.SECRET_KEY, spec.secretKey().orElse(null))
                    .set(WEBHOOKS.UPDATED_AT, now())
                    .where(WEBHOOKS.ID.eq(id)).execute();
            return getIn(c.dsl(), id);
        });
    }

    @Override
    public Webhook setActive(long id, boolean active) {
        return run("changing webhook " + id, c -> {
            getIn(c.dsl(), id);
            c.dsl().update(WEBHOOKS).set(WEBHOOKS.IS_ACTIVE, active).set(WEBHOOKS.UPDATED_AT, now())
                    .where(WEBHOOKS.ID.eq(id)).execute();
            return getIn(c.dsl(), id);
        });
    }

    @Override
    public boolean delete(long id) {
        return run("deleting webhook " + id, c -> {
            // children first and explicitly: the result must not depend on a connection having foreign keys on
            c.dsl().deleteFrom(WEBHOOK_DELIVERIES).where(WEBHOOK_DELIVERIES.WEBHOOK_ID.eq(id)).execute();
            c.dsl().deleteFrom(WEBHOOK_OUTBOX).where(WEBHOOK_OUTBOX.WEBHOOK_ID.eq(id)).execute();
            return c.dsl().deleteFrom(WEBHOOKS).where(WEBHOOKS.ID.eq(id)).execute() > 0;
        });
    }

    @Override
    public Optional<Webhook> find(long id) {
        return run("reading webhook " + id, c -> c.dsl().selectFrom(WEBHOOKS).where(WEBHOOKS.ID.eq(id))
                .fetchOptional().map(this::toWebhook));
    }

    @Override
    public Webhook get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("webhook", id));
    }

    @Override
    public List<Webhook> list(WebhookQuery query) {
        java.util.Objects.requireNonNull(query, "query");
        return run("listing webhooks", c -> {
            Condition cond = DSL.noCondition();
            if (query.serverId().isPresent()) {
                cond = cond.and(WEBHOOKS.SERVER_ID.eq(query.serverId().get()));
            }
            if (query.activeOnly()) {
                cond = cond.and(WEBHOOKS.IS_ACTIVE.isTrue());
            }
            List<Webhook> all = c.dsl().selectFrom(WEBHOOKS).where(cond).orderBy(WEBHOOKS.ID).fetch(this::toWebhook);
            if (query.event().isEmpty()) {
                return all;
            }
            String event = query.event().get();
            return all.stream().filter(w -> w.subscribesTo(event)).toList();
        });
    }

    // ---------------------------------------------------------------- outbox

    @Override
    public List<Long> publish(String serverId, String event, String payload) {
        requireServerId(serverId);
        java.util.Objects.requireNonNull(event, "event");
        java.util.Objects.requireNonNull(payload, "payload");
        WebhookEvents.requireValid("event", event);
        int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PAYLOAD_BYTES) {
            throw new ValidationException("payload", "must be at most " + MAX_PAYLOAD_BYTES + " bytes in UTF-8",
                    bytes + " bytes");
        }
        return run("publishing " + event, c -> {
            DSLContext d = c.dsl();
            requireServer(d, serverId);
            Instant now = now();
            List<Long> ids = new ArrayList<>();
            for (WebhooksRecord w : d.selectFrom(WEBHOOKS).where(WEBHOOKS.SERVER_ID.eq(serverId))
                    .and(WEBHOOKS.IS_ACTIVE.isTrue()).orderBy(WEBHOOKS.ID).fetch()) {
                if (!events(w).contains(event)) {
                    continue;
                }
                ids.add(d.insertInto(WEBHOOK_OUTBOX)
                        .set(WEBHOOK_OUTBOX.WEBHOOK_ID, w.getId())
                        .set(WEBHOOK_OUTBOX.EVENT_TYPE, event)
                        .set(WEBHOOK_OUTBOX.PAYLOAD, payload)
                        .set(WEBHOOK_OUTBOX.STATE, DeliveryState.PENDING.name())
                        .set(WEBHOOK_OUTBOX.ATTEMPTS, 0)
                        .set(WEBHOOK_OUTBOX.NEXT_ATTEMPT_AT, now)
                        .set(WEBHOOK_OUTBOX.CREATED_AT, now)
                        .set(WEBHOOK_OUTBOX.UPDATED_AT, now)
                        .returning(WEBHOOK_OUTBOX.ID).fetchOne(WEBHOOK_OUTBOX.ID));
            }
            return ids;
        });
    }

    @Override
    public List<ClaimedDelivery> claimDue(int limit, String workerId, Duration lease) {
        if (limit < 1 || limit > 1000) {
            throw new ValidationException("limit", "must be 1 to 1000", limit);
        }
        requireWorker(workerId);
        java.util.Objects.requireNonNull(lease, "lease");
        if (lease.toMillis() < 1 || lease.compareTo(Duration.ofDays(1)) > 0) {
            throw new ValidationException("lease", "must be 1 ms to 1 day", lease);
        }
        return run("claiming due deliveries", c -> {
            DSLContext d = c.dsl();
            Instant now = now();
            SelectLimitPercentStep<org.jooq.Record1<Long>> due = d.select(WEBHOOK_OUTBOX.ID).from(WEBHOOK_OUTBOX)
                    .where(WEBHOOK_OUTBOX.STATE.in(DeliveryState.PENDING.name(), DeliveryState.IN_FLIGHT.name()))
                    .and(WEBHOOK_OUTBOX.NEXT_ATTEMPT_AT.le(now))
                    .orderBy(WEBHOOK_OUTBOX.NEXT_ATTEMPT_AT, WEBHOOK_OUTBOX.ID)
                    .limit(limit);
            List<Long> ids = c.type() == DatabaseType.SQLITE ? due.fetch(WEBHOOK_OUTBOX.ID)
                    : due.forUpdate().skipLocked().fetch(WEBHOOK_OUTBOX.ID);
            if (ids.isEmpty()) {
                return List.of();
            }
            Instant expires = now.plus(lease);
            d.update(WEBHOOK_OUTBOX)
                    .set(WEBHOOK_OUTBOX.STATE, DeliveryState.IN_FLIGHT.name())
                    .set(WEBHOOK_OUTBOX.CLAIMED_BY, workerId)
                    .set(WEBHOOK_OUTBOX.CLAIM_EXPIRES_AT, expires)
                    .set(WEBHOOK_OUTBOX.NEXT_ATTEMPT_AT, expires)
                    .set(WEBHOOK_OUTBOX.UPDATED_AT, now)
                    .where(WEBHOOK_OUTBOX.ID.in(ids)).execute();
            List<ClaimedDelivery> out = new ArrayList<>();
            for (Record r : d.select().from(WEBHOOK_OUTBOX).join(WEBHOOKS).on(WEBHOOKS.ID.eq(WEBHOOK_OUTBOX.WEBHOOK_ID))
                    .where(WEBHOOK_OUTBOX.ID.in(ids)).orderBy(WEBHOOK_OUTBOX.ID).fetch()) {
                WebhookOutboxRecord o = r.into(WEBHOOK_OUTBOX);
                out.add(new ClaimedDelivery(o.getId(), toWebhook(r.into(WEBHOOKS)), o.getEventType(), o.getPayload(),
                        o.getAttempts() + 1, workerId, expires));
            }
            return out;
        });
    }

    @Override
    public Delivery recordAttempt(ClaimedDelivery claim, AttemptOutcome outcome, RetryPolicy policy) {
        java.util.Objects.requireNonNull(claim, "claim");
        java.util.Objects.requireNonNull(outcome, "outcome");
        java.util.Objects.requireNonNull(policy, "policy");
        return run("recording an attempt of delivery " + claim.deliveryId(), c -> {
            DSLContext d = c.dsl();
            WebhookOutboxRecord o = lockDelivery(c, claim.deliveryId())
                    .orElseThrow(() -> new NotFoundException("delivery", claim.deliveryId()));
            Instant now = now();
            boolean success = outcome.succeeded();
            d.insertInto(WEBHOOK_DELIVERIES)
                    .set(WEBHOOK_DELIVERIES.WEBHOOK_ID, o.getWebhookId())
                    .set(WEBHOOK_DELIVERIES.OUTBOX_ID, o.getId())
                    .set(WEBHOOK_DELIVERIES.EVENT_TYPE, o.getEventType())
                    .set(WEBHOOK_DELIVERIES.PAYLOAD, o.getPayload())
                    .set(WEBHOOK_DELIVERIES.RESPONSE_STATUS, outcome.status().orElse(null))
                    .set(WEBHOOK_DELIVERIES.RESPONSE_BODY, outcome.responseBody().map(b -> cut(b, RESPONSE_EXCERPT_CHARS))
                            .orElse(null))
                    .set(WEBHOOK_DELIVERIES.DELIVERY_TIME_MS, (int) Math.min(Integer.MAX_VALUE, outcome.took().toMillis()))
                    .set(WEBHOOK_DELIVERIES.ATTEMPT_NUMBER, claim.attemptNumber())
                    .set(WEBHOOK_DELIVERIES.SUCCESS, success)
                    .set(WEBHOOK_DELIVERIES.ERROR_MESSAGE, errorText(outcome))
                    .set(WEBHOOK_DELIVERIES.DELIVERED_AT, now)
                    .execute();
            c.afterCommit(() -> ctx.engine().metrics().deliveryAttempt(outcomeTag(outcome)));
            boolean held = DeliveryState.IN_FLIGHT.name().equals(o.getState())
                    && claim.workerId().equals(o.getClaimedBy()) && o.getAttempts() == claim.attemptNumber() - 1;
            if (!held) {
                return toDelivery(o);
            }
            DeliveryState next;
            Instant nextAt = now;
            if (success) {
                next = DeliveryState.SUCCEEDED;
            } else if (outcome.retryable() && claim.attemptNumber() < policy.maxAttempts()) {
                next = DeliveryState.PENDING;
                nextAt = now.plus(policy.delayAfter(claim.attemptNumber()));
            } else {
                next = DeliveryState.DEAD;
                c.afterCommit(() -> ctx.engine().metrics().deadLettered(1));
            }
            d.update(WEBHOOK_OUTBOX)
                    .set(WEBHOOK_OUTBOX.STATE, next.name())
                    .set(WEBHOOK_OUTBOX.ATTEMPTS, claim.attemptNumber())
                    .set(WEBHOOK_OUTBOX.NEXT_ATTEMPT_AT, nextAt)
                    .setNull(WEBHOOK_OUTBOX.CLAIMED_BY)
                    .setNull(WEBHOOK_OUTBOX.CLAIM_EXPIRES_AT)
                    .set(WEBHOOK_OUTBOX.LAST_ERROR, success ? null : errorText(outcome))
                    .set(WEBHOOK_OUTBOX.UPDATED_AT, now)
                    .where(WEBHOOK_OUTBOX.ID.eq(o.getId())).execute();
            return toDelivery(d.selectFrom(WEBHOOK_OUTBOX).where(WEBHOOK_OUTBOX.ID.eq(o.getId())).fetchSingle());
        });
    }

    /**
     * @return how many outbox entries are due now (pending or with an expired claim), for the
     *         {@code mockloop.webhooks.outbox.due} gauge
     */
    public long countDue() {
        return run("counting due deliveries", c -> (long) c.dsl().fetchCount(WEBHOOK_OUTBOX,
                WEBHOOK_OUTBOX.STATE.in(DeliveryState.PENDING.name(), DeliveryState.IN_FLIGHT.name())
                        .and(WEBHOOK_OUTBOX.NEXT_ATTEMPT_AT.le(now()))));
    }

    /** @return the {@code outcome} tag of {@code mockloop.webhooks.attempts} */
    private static String outcomeTag(AttemptOutcome outcome) {
        if (outcome.succeeded()) {
            return "success";
        }
        if (outcome.status().isPresent()) {
            return "http_error";
        }
        return outcome.timedOut() ? "timeout" : "network_error";
    }

    @Override
    public boolean release(ClaimedDelivery claim) {
        java.util.Objects.requireNonNull(claim, "claim");
        return run("releasing delivery " + claim.deliveryId(), c -> {
            Optional<WebhookOutboxRecord> o = lockDelivery(c, claim.deliveryId());
            if (o.isEmpty() || !DeliveryState.IN_FLIGHT.name().equals(o.get().getState())
                    || !claim.workerId().equals(o.get().getClaimedBy())
                    || o.get().getAttempts() != claim.attemptNumber() - 1) {
                return false;
            }
            Instant now = now();
            c.dsl().update(WEBHOOK_OUTBOX)
                    .set(WEBHOOK_OUTBOX.STATE, DeliveryState.PENDING.name())
                    .set(WEBHOOK_OUTBOX.NEXT_ATTEMPT_AT, now)
                    .setNull(WEBHOOK_OUTBOX.CLAIMED_BY)
                    .setNull(WEBHOOK_OUTBOX.CLAIM_EXPIRES_AT)
                    .set(WEBHOOK_OUTBOX.UPDATED_AT, now)
                    .where(WEBHOOK_OUTBOX.ID.eq(claim.deliveryId())).execute();
            return true;
        });
    }

    @Override
    public Delivery redeliver(long deliveryId) {
        return run("redelivering delivery " + deliveryId, c -> {
            WebhookOutboxRecord o = lockDelivery(c, deliveryId)
                    .orElseThrow(() -> new NotFoundException("delivery", deliveryId));
            if (!DeliveryState.DEAD.name().equals(o.getState())) {
                throw new ConflictException("delivery " + deliveryId + " is " + o.getState()
                        + ", not DEAD; only a dead delivery can be redelivered");
            }
            Instant now = now();
            c.dsl().update(WEBHOOK_OUTBOX)
                    .set(WEBHOOK_OUTBOX.STATE, DeliveryState.PENDING.name())
                    .set(WEBHOOK_OUTBOX.ATTEMPTS, 0)
                    .set(WEBHOOK_OUTBOX.NEXT_ATTEMPT_AT, now)
                    .set(WEBHOOK_OUTBOX.UPDATED_AT, now)
                    .where(WEBHOOK_OUTBOX.ID.eq(deliveryId)).execute();
            return toDelivery(c.dsl().selectFrom(WEBHOOK_OUTBOX).where(WEBHOOK_OUTBOX.ID.eq(deliveryId)).fetchSingle());
        });
    }

    @Override
    public Optional<Delivery> findDelivery(long deliveryId) {
        return run("reading delivery " + deliveryId, c -> c.dsl().selectFrom(WEBHOOK_OUTBOX)
                .where(WEBHOOK_OUTBOX.ID.eq(deliveryId)).fetchOptional().map(JooqWebhookStore::toDelivery));
    }

    @Override
    public Delivery getDelivery(long deliveryId) {
        return findDelivery(deliveryId).orElseThrow(() -> new NotFoundException("delivery", deliveryId));
    }

    @Override
    public List<Delivery> listDeliveries(long webhookId) {
        return listDeliveries(webhookId, Optional.empty());
    }

    @Override
    public List<Delivery> listDeliveries(long webhookId, DeliveryState state) {
        java.util.Objects.requireNonNull(state, "state");
        return listDeliveries(webhookId, Optional.of(state));
    }

    private List<Delivery> listDeliveries(long webhookId, Optional<DeliveryState> state) {
        return run("listing deliveries of webhook " + webhookId, c -> c.dsl().selectFrom(WEBHOOK_OUTBOX)
                .where(WEBHOOK_OUTBOX.WEBHOOK_ID.eq(webhookId))
                .and(state.map(s -> WEBHOOK_OUTBOX.STATE.eq(s.name())).orElse(DSL.noCondition()))
                .orderBy(WEBHOOK_OUTBOX.ID.desc()).fetch(JooqWebhookStore::toDelivery));
    }

    @Override
    public List<DeliveryAttempt> attempts(long deliveryId) {
        return run("listing attempts of delivery " + deliveryId, c -> c.dsl().selectFrom(WEBHOOK_DELIVERIES)
                .where(WEBHOOK_DELIVERIES.OUTBOX_ID.eq(deliveryId)).orderBy(WEBHOOK_DELIVERIES.ID)
                .fetch(JooqWebhookStore::toAttempt));
    }

    @Override
    public DeliveryPage history(DeliveryQuery q) {
        java.util.Objects.requireNonNull(q, "query");
        Optional<long[]> cursor = q.cursor().map(JooqWebhookStore::parseCursor);
        return run("reading delivery history", c -> {
            Condition cond = DSL.noCondition();
            if (q.webhookId().isPresent()) {
                cond = cond.and(WEBHOOK_DELIVERIES.WEBHOOK_ID.eq(q.webhookId().get()));
            }
            if (q.eventType().isPresent()) {
                // event types are printable ASCII: one with NUL matches nothing (and PostgreSQL refuses it)
                cond = cond.and(TextRules.anyNul(q.eventType().get()) ? DSL.falseCondition()
                        : WEBHOOK_DELIVERIES.EVENT_TYPE.eq(q.eventType().get()));
            }
            if (q.success().isPresent()) {
                cond = cond.and(q.success().get() ? WEBHOOK_DELIVERIES.SUCCESS.isTrue()
                        : WEBHOOK_DELIVERIES.SUCCESS.isFalse());
            }
            if (q.from().isPresent()) {
                cond = cond.and(WEBHOOK_DELIVERIES.DELIVERED_AT.ge(q.from().get()));
            }
            if (q.to().isPresent()) {
                cond = cond.and(WEBHOOK_DELIVERIES.DELIVERED_AT.lt(q.to().get()));
            }
            if (cursor.isPresent()) {
                Instant at = Instant.ofEpochMilli(cursor.get()[0]);
                long id = cursor.get()[1];
                cond = cond.and(WEBHOOK_DELIVERIES.DELIVERED_AT.lt(at)
                        .or(WEBHOOK_DELIVERIES.DELIVERED_AT.eq(at).and(WEBHOOK_DELIVERIES.ID.lt(id))));
            }
            List<DeliveryAttempt> rows = c.dsl().selectFrom(WEBHOOK_DELIVERIES).where(cond)
                    .orderBy(WEBHOOK_DELIVERIES.DELIVERED_AT.desc(), WEBHOOK_DELIVERIES.ID.desc())
                    .limit(q.limit() + 1).fetch(JooqWebhookStore::toAttempt);
            if (rows.size() <= q.limit()) {
                return new DeliveryPage(rows, Optional.empty());
            }
            List<DeliveryAttempt> page = rows.subList(0, q.limit());
            DeliveryAttempt last = page.get(page.size() - 1);
            return new DeliveryPage(page, Optional.of(last.deliveredAt().toEpochMilli() + ":" + last.id()));
        });
    }

    @Override
    public WebhookStats stats(long webhookId) {
        return run("reading statistics of webhook " + webhookId, c -> {
            Record3<Integer, Integer, BigDecimal> r = c.dsl()
                    .select(DSL.count(), DSL.count().filterWhere(WEBHOOK_DELIVERIES.SUCCESS.isTrue()),
                            DSL.avg(WEBHOOK_DELIVERIES.DELIVERY_TIME_MS))
                    .from(WEBHOOK_DELIVERIES).where(WEBHOOK_DELIVERIES.WEBHOOK_ID.eq(webhookId)).fetchSingle();
            Optional<Duration> avg = Optional.ofNullable(r.value3())
                    .map(a -> Duration.ofMillis(a.setScale(0, java.math.RoundingMode.HALF_UP).longValue()));
            return new WebhookStats(webhookId, r.value1(), r.value2(), avg);
        });
    }

    @Override
    public long purgeDeliveries(Duration olderThan) {
        Instant cutoff = cutoff(olderThan);
        return run("purging webhook deliveries", c -> {
            long n = c.dsl().deleteFrom(WEBHOOK_DELIVERIES).where(WEBHOOK_DELIVERIES.DELIVERED_AT.lt(cutoff)).execute();
            c.dsl().deleteFrom(WEBHOOK_OUTBOX)
                    .where(WEBHOOK_OUTBOX.STATE.in(DeliveryState.SUCCEEDED.name(), DeliveryState.DEAD.name()))
                    .and(WEBHOOK_OUTBOX.UPDATED_AT.lt(cutoff)).execute();
            return n;
        });
    }

    @Override
    public long countPurgeable(Duration olderThan) {
        Instant cutoff = cutoff(olderThan);
        return run("counting purgeable webhook deliveries", c -> (long) c.dsl().fetchCount(WEBHOOK_DELIVERIES,
                WEBHOOK_DELIVERIES.DELIVERED_AT.lt(cutoff)));
    }

    /** @return now minus {@code olderThan}, refused by name when negative or earlier than the instants stored */
    private static Instant cutoff(Duration olderThan) {
        java.util.Objects.requireNonNull(olderThan, "olderThan");
        if (olderThan.isNegative()) {
            throw new ValidationException("olderThan", "must not be negative", olderThan);
        }
        Instant now = now();
        if (olderThan.compareTo(Duration.between(TimeRules.MIN, now)) > 0) {
            throw new ValidationException("olderThan", "must reach back no further than " + TimeRules.MIN,
                    olderThan);
        }
        return now.minus(olderThan);
    }

    @Override
    public WebhookDispatcher dispatcher(DispatcherOptions options) {
        java.util.Objects.requireNonNull(options, "options");
        if (ctx.inTransaction()) {
            throw new IllegalStateException("create a dispatcher on the database, not on the stores of a transaction");
        }
        HttpWebhookDispatcher d = new HttpWebhookDispatcher(this, options, new JooqConfigStore(ctx));
        ctx.engine().onClose(d);
        return d;
    }

    // ---------------------------------------------------------------- helpers

    private Optional<WebhookOutboxRecord> lockDelivery(StoreContext c, long id) {
        var select = c.dsl().selectFrom(WEBHOOK_OUTBOX).where(WEBHOOK_OUTBOX.ID.eq(id));
        return c.type() == DatabaseType.SQLITE ? select.fetchOptional() : select.forUpdate().fetchOptional();
    }

    private static void requireServerId(String serverId) {
        java.util.Objects.requireNonNull(serverId, "serverId");
        if (serverId.isBlank() || serverId.length() > 255) {
            throw new ValidationException("serverId", "must be 1 to 255 characters and not blank", serverId);
        }
    }

    private static void requireWorker(String workerId) {
        java.util.Objects.requireNonNull(workerId, "workerId");
        if (workerId.isBlank() || workerId.length() > 255) {
            throw new ValidationException("workerId", "must be 1 to 255 characters and not blank", workerId);
        }
    }

    private static void requireServer(DSLContext d, String serverId) {
        if (!d.fetchExists(d.selectOne().from(MOCK_SERVERS).where(MOCK_SERVERS.ID.eq(serverId)))) {
            throw new NotFoundException("server", serverId);
        }
    }

    private Webhook getIn(DSLContext d, long id) {
        return d.selectFrom(WEBHOOKS).where(WEBHOOKS.ID.eq(id)).fetchOptional().map(this::toWebhook)
                .orElseThrow(() -> new NotFoundException("webhook", id));
    }

    private <T> T run(String what, Function<StoreContext, T> work) {
        try {
            return ctx.transactionResult(what, work);
        } catch (MockLoopDbException e) {
            throw e;
        } catch (RuntimeException e) {
            throw Errors.wrap(what, e, ctx.engine().maskedUrl());
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private String toJson(Object value) {
        try {
            return ctx.json().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Set<String> events(WebhooksRecord r) {
        try {
            return new LinkedHashSet<>(ctx.json().readValue(r.getEvents(), EVENTS));
        } catch (JsonProcessingException e) {
            // not written by this store: treat as a comma-separated list, as the seed's tools did
            Set<String> out = new LinkedHashSet<>();
            for (String s : r.getEvents().replaceAll("[\\[\\]\"]", "").split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
            return out;
        }
    }

    private Map<String, String> headers(WebhooksRecord r) {
        if (r.getHeaders() == null || r.getHeaders().isBlank()) {
            return Map.of();
        }
        try {
            return ctx.json().readValue(r.getHeaders(), HEADERS);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private Webhook toWebhook(WebhooksRecord r) {
        WebhookMethod method;
        try {
            method = WebhookMethod.valueOf(r.getMethod().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            method = WebhookMethod.POST;
        }
        return new Webhook(r.getId(), r.getServerId(), r.getName(), r.getUrl(), method, headers(r), events(r),
                Optional.ofNullable(r.getSecretKey()), Boolean.TRUE.equals(r.getIsActive()), r.getCreatedAt(),
                r.getUpdatedAt());
    }

    private static Delivery toDelivery(WebhookOutboxRecord o) {
        return new Delivery(o.getId(), o.getWebhookId(), o.getEventType(), o.getPayload(),
                DeliveryState.valueOf(o.getState()), o.getAttempts(), o.getNextAttemptAt(),
                Optional.ofNullable(o.getClaimedBy()), Optional.ofNullable(o.getClaimExpiresAt()),
                Optional.ofNullable(o.getLastError()), o.getCreatedAt(), o.getUpdatedAt());
    }

    private static DeliveryAttempt toAttempt(WebhookDeliveriesRecord r) {
        return new DeliveryAttempt(r.getId(), r.getWebhookId(), Optional.ofNullable(r.getOutboxId()),
                r.getEventType(), r.getPayload(), Optional.ofNullable(r.getResponseStatus()),
                Optional.ofNullable(r.getResponseBody()), Optional.ofNullable(r.getDeliveryTimeMs()),
                r.getAttemptNumber(), Boolean.TRUE.equals(r.getSuccess()), Optional.ofNullable(r.getErrorMessage()),
                r.getDeliveredAt());
    }

    private static String errorText(AttemptOutcome outcome) {
        if (outcome.error().isPresent()) {
            return cut(outcome.error().get(), MAX_ERROR_CHARS);
        }
        return outcome.succeeded() ? null : "HTTP " + outcome.status().orElse(0);
    }

    private static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    private static long[] parseCursor(String cursor) {
        int colon = cursor.indexOf(':');
        try {
            if (colon > 0) {
                long at = Long.parseLong(cursor.substring(0, colon));
                Instant t = Instant.ofEpochMilli(at);
                if (TimeRules.isInRange(t)) {
                    return new long[] {at, Long.parseLong(cursor.substring(colon + 1))};
                }
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new ValidationException("cursor", "must be a cursor returned by a previous page", cursor);
    }
}
