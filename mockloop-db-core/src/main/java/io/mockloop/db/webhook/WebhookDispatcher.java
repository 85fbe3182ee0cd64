package io.mockloop.db.webhook;

/**
 * Delivers due webhook deliveries in the background: it claims them ({@link WebhookStore#claimDue}), sends them
 * with the JDK's {@code java.net.http.HttpClient} (signed with {@value WebhookSignatures#HEADER} when the webhook has
 * a secret; headers {@code X-Webhook-Event}, {@code X-Webhook-Delivery} and {@code X-Webhook-Attempt} let
 * receivers identify and de-duplicate deliveries), and records each attempt ({@link WebhookStore#recordAttempt}).
 * Several dispatchers, in one process or many, may share a database: each delivery is claimed by one at a time.
 * A claim's lease is twice the send timeout plus 5 seconds, so a dispatcher that dies leaves its deliveries to be
 * sent by another after that long.
 *
 * <p>Created by {@link WebhookStore#dispatcher(DispatcherOptions)}. Thread-safe. {@link #close()} stops it: no new
 * claims, sends in flight get the stop grace to finish and be recorded, claims not yet sent (or still in flight
 * after the grace) are released or left to expire, so another dispatcher sends them. Closing the database closes
 * its dispatchers first.
 */
public interface WebhookDispatcher extends AutoCloseable {

    /**
     * Starts the background work. Idempotent while running.
     *
     * @throws IllegalStateException when the dispatcher was closed
     */
    void start();

    /** @return whether it was started and not closed */
    boolean isRunning();

    /** @return the worker id it claims under */
    String workerId();

    /** Stops it as described above and waits for that to finish. Idempotent; a dispatcher cannot restart. */
    @Override
    void close();
}
