package io.mockloop.db.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Webhooks (table webhooks) and their reliable delivery: a durable outbox (table webhook_outbox) with one row per
 * event and webhook, claimed by exactly one worker at a time, and one webhook_deliveries row per attempt.
 *
 * <h2>Life of a delivery</h2>
 * {@link #publish} creates a {@link DeliveryState#PENDING} delivery for every active webhook of the server that
 * subscribes to the event. {@link #claimDue} hands due deliveries to one worker each ({@link DeliveryState#IN_FLIGHT}
 * until a lease expires; an expired claim is due again). {@link #recordAttempt} writes the attempt and either
 * completes the delivery ({@link DeliveryState#SUCCEEDED}), schedules a retry per the {@link RetryPolicy}
 * (network errors, timeouts, 408, 429, 5xx), or marks it {@link DeliveryState#DEAD} (other statuses, or the last
 * attempt). {@link #redeliver} makes a dead delivery pending again. A {@link WebhookDispatcher} does the claiming,
 * sending and recording for you.
 *
 * <p>Every method is thread-safe and runs in one transaction: the caller's when called on the stores of
 * {@code MockLoopDb.inTransaction}, else its own. A refused call writes nothing. Secrets are stored as given (they
 * are needed to sign), so protect the database accordingly.
 */
public interface WebhookStore {

    /** How many characters of a response body an attempt keeps. */
    int RESPONSE_EXCERPT_CHARS = 2000;

    /** The longest payload accepted, in UTF-8 bytes (a MySQL TEXT column). */
    int MAX_PAYLOAD_BYTES = 65_535;

    /** How long {@link #purgeDeliveries()} keeps attempts: 7 days, the seed's retention. */
    Duration DEFAULT_RETENTION = Duration.ofDays(7);

    /**
     * @param serverId the mock server
     * @param spec the webhook
     * @return the stored webhook (active)
     * @throws io.mockloop.db.ValidationException when {@code serverId} is blank
     * @throws io.mockloop.db.NotFoundException when no server has that id
     */
    Webhook create(String serverId, WebhookSpec spec);

    /**
     * Replaces a webhook's name, URL, method, headers, events and secret; its server and active flag stay.
     *
     * @param id the webhook
     * @param spec the new values
     * @return the updated webhook
     * @throws io.mockloop.db.NotFoundException when no webhook has that id
     */
    Webhook update(long id, WebhookSpec spec);

    /**
     * Enables or disables a webhook; a disabled one gets no new deliveries, pending ones still go out.
     *
     * @param id the webhook
     * @param active the new state
     * @return the updated webhook
     * @throws io.mockloop.db.NotFoundException when no webhook has that id
     */
    Webhook setActive(long id, boolean active);

    /**
     * Deletes a webhook with its deliveries and attempts.
     *
     * @param id the webhook
     * @return whether it existed
     */
    boolean delete(long id);

    /** @param id the webhook @return it, or empty when absent */
    Optional<Webhook> find(long id);

    /**
     * @param id the webhook
     * @return it
     * @throws io.mockloop.db.NotFoundException when absent
     */
    Webhook get(long id);

    /** @param query which webhooks @return them by id ascending, possibly empty */
    List<Webhook> list(WebhookQuery query);

    /** @return a new secret, see {@link WebhookSignatures#generateSecret()} */
    default String generateSecret() {
        return WebhookSignatures.generateSecret();
    }

    /**
     * Records one pending delivery, due now, for every active webhook of {@code serverId} subscribed to
     * {@code event}. Call it on the stores of a transaction to commit the deliveries with your own change.
     *
     * @param serverId the server the event happened on
     * @param event the event, known or custom ({@code x-...})
     * @param payload the request body to send (usually JSON), at most {@value #MAX_PAYLOAD_BYTES} UTF-8 bytes
     * @return the new deliveries' ids, ascending; empty when no webhook subscribes
     * @throws io.mockloop.db.ValidationException when the event or payload is refused
     * @throws io.mockloop.db.NotFoundException when no server has that id
     */
    List<Long> publish(String serverId, String event, String payload);

    /**
     * Claims up to {@code limit} due deliveries (pending and due, or in flight with an expired claim), oldest due
     * first, for {@code workerId} until now plus {@code lease}. Each due delivery goes to exactly one caller, also
     * across processes: PostgreSQL and MariaDB lock the rows and skip those locked by others; SQLite allows one
     * writer at a time.
     *
     * @param limit 1 to 1000
     * @param workerId who claims, 1 to 255 characters
     * @param lease how long the claim holds, 1 ms to 1 day; make it longer than a send can take
     * @return the claimed deliveries, possibly empty
     * @throws io.mockloop.db.ValidationException when an argument is out of range
     */
    List<ClaimedDelivery> claimDue(int limit, String workerId, Duration lease);

    /**
     * As {@link #claimDue(int, String, Duration)} with a 2-minute lease.
     *
     * @param limit 1 to 1000
     * @param workerId who claims
     * @return the claimed deliveries, possibly empty
     */
    default List<ClaimedDelivery> claimDue(int limit, String workerId) {
        return claimDue(limit, workerId, Duration.ofMinutes(2));
    }

    /**
     * Records an attempt under {@link RetryPolicy#DEFAULT}; see {@link #recordAttempt(ClaimedDelivery,
     * AttemptOutcome, RetryPolicy)}.
     *
     * @param claim the claim the attempt was made under
     * @param outcome what happened
     * @return the delivery after the attempt
     */
    default Delivery recordAttempt(ClaimedDelivery claim, AttemptOutcome outcome) {
        return recordAttempt(claim, outcome, RetryPolicy.DEFAULT);
    }

    /**
     * Writes one webhook_deliveries row for the attempt (response body cut to {@value #RESPONSE_EXCERPT_CHARS}
     * characters) and moves the delivery on: {@link DeliveryState#SUCCEEDED} on 2xx; {@link DeliveryState#PENDING}
     * due after {@link RetryPolicy#delayAfter(int)} when the failure is {@linkplain AttemptOutcome#retryable()
     * retryable} and attempts remain; else {@link DeliveryState#DEAD}. When the claim was lost meanwhile (it expired
     * and another worker claimed the delivery, or it was released or redelivered), the attempt is still written but
     * the delivery is left as it is.
     *
     * @param claim the claim the attempt was made under
     * @param outcome what happened
     * @param policy when to retry
     * @return the delivery after the attempt
     * @throws io.mockloop.db.NotFoundException when the delivery no longer exists
     */
    Delivery recordAttempt(ClaimedDelivery claim, AttemptOutcome outcome, RetryPolicy policy);

    /**
     * Gives a claim back without recording an attempt: the delivery is pending and due now. Does nothing when the
     * claim was lost meanwhile.
     *
     * @param claim the claim
     * @return whether the claim was still held and is now released
     */
    boolean release(ClaimedDelivery claim);

    /**
     * Makes a dead delivery pending again, due now, with its attempt count reset (earlier attempts stay in the
     * history).
     *
     * @param deliveryId the delivery
     * @return the delivery, now pending
     * @throws io.mockloop.db.NotFoundException when absent
     * @throws io.mockloop.db.ConflictException when it is not dead
     */
    Delivery redeliver(long deliveryId);

    /** @param deliveryId the delivery @return it, or empty when absent */
    Optional<Delivery> findDelivery(long deliveryId);

    /**
     * @param deliveryId the delivery
     * @return it
     * @throws io.mockloop.db.NotFoundException when absent
     */
    Delivery getDelivery(long deliveryId);

    /**
     * @param webhookId the webhook
     * @return the webhook's deliveries in every state, newest first, possibly empty
     */
    List<Delivery> listDeliveries(long webhookId);

    /**
     * @param webhookId the webhook
     * @param state only deliveries in this state
     * @return the webhook's deliveries in {@code state}, newest first, possibly empty
     * @throws NullPointerException when {@code state} is {@code null}
     */
    List<Delivery> listDeliveries(long webhookId, DeliveryState state);

    /**
     * @param deliveryId the delivery
     * @return its recorded attempts, first attempt first, possibly empty
     */
    List<DeliveryAttempt> attempts(long deliveryId);

    /**
     * @param query which attempts, page size and cursor
     * @return one page, newest first (by recording time, then id)
     * @throws io.mockloop.db.ValidationException when the cursor is malformed
     */
    DeliveryPage history(DeliveryQuery query);

    /**
     * @param webhookId the webhook
     * @return its attempt count, success count and average delivery time; zeros when it has no attempts or does
     *         not exist
     */
    WebhookStats stats(long webhookId);

    /**
     * Deletes attempts recorded before now minus {@code olderThan}, and succeeded or dead deliveries last changed
     * before then.
     *
     * @param olderThan the age, not negative
     * @return the number of attempt rows deleted
     * @throws io.mockloop.db.ValidationException when {@code olderThan} is negative
     */
    long purgeDeliveries(Duration olderThan);

    /**
     * Counts the attempt rows {@link #purgeDeliveries(Duration)} would delete now, deleting nothing (for dry runs).
     *
     * @param olderThan the age, not negative
     * @return the number of attempts recorded before now minus {@code olderThan}; 0 when there are none
     * @throws io.mockloop.db.ValidationException when {@code olderThan} is negative
     */
    long countPurgeable(Duration olderThan);

    /** @return as {@link #purgeDeliveries(Duration)} with {@link #DEFAULT_RETENTION} */
    default long purgeDeliveries() {
        return purgeDeliveries(DEFAULT_RETENTION);
    }

    /**
     * Creates a dispatcher over this database (not started). Call it on the database, not on the stores of a
     * transaction.
     *
     * @param options its settings
     * @return the dispatcher; {@link WebhookDispatcher#start()} it, and close it (closing the database does too)
     * @throws IllegalStateException when called on the stores of a transaction
     */
    WebhookDispatcher dispatcher(DispatcherOptions options);
}
