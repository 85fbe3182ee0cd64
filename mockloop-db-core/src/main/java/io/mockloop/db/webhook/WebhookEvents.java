package io.mockloop.db.webhook;

import io.mockloop.db.ValidationException;
import java.util.Set;

/**
 * The event names a webhook can subscribe to: the six known ones, and custom ones that start with {@code x-}
 * (for example {@code x-deploy.finished}). Event names are at most 255 characters of printable ASCII without
 * spaces. Stateless and thread-safe.
 */
public final class WebhookEvents {

    /** A mock server received a request. */
    public static final String REQUEST_RECEIVED = "request.received";
    /** A mock server sent a response. */
    public static final String RESPONSE_SENT = "response.sent";
    /** A server's active scenario changed. */
    public static final String SCENARIO_CHANGED = "scenario.changed";
    /** A mock server started. */
    public static final String SERVER_STARTED = "server.started";
    /** A mock server stopped. */
    public static final String SERVER_STOPPED = "server.stopped";
    /** A mock server failed. */
    public static final String SERVER_ERROR = "server.error";

    /** The six known events. */
    public static final Set<String> KNOWN = Set.of(REQUEST_RECEIVED, RESPONSE_SENT, SCENARIO_CHANGED, SERVER_STARTED,
            SERVER_STOPPED, SERVER_ERROR);

    /** The prefix every custom event starts with. */
    public static final String CUSTOM_PREFIX = "x-";

    private WebhookEvents() {
    }

    /**
     * @param event an event name, may be {@code null}
     * @return whether it is a known event or a well-formed custom one
     */
    public static boolean isValid(String event) {
        if (event == null) {
            return false;
        }
        if (KNOWN.contains(event)) {
            return true;
        }
        if (!event.startsWith(CUSTOM_PREFIX) || event.length() <= CUSTOM_PREFIX.length() || event.length() > 255) {
            return false;
        }
        for (int i = 0; i < event.length(); i++) {
            char c = event.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param field the field name for the message
     * @param event the event name
     * @return {@code event}
     * @throws ValidationException when it is neither known nor a well-formed custom event
     */
    public static String requireValid(String field, String event) {
        if (!isValid(event)) {
            throw new ValidationException(field, "must be one of " + new java.util.TreeSet<>(KNOWN)
                    + " or a custom event starting with 'x-' (printable ASCII, no spaces, at most 255 characters)",
                    event);
        }
        return event;
    }
}
