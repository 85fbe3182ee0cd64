package io.mockloop.db.server;

import java.util.Locale;
import java.util.Optional;

/**
 * The life-cycle state of a registered mock server (column mock_servers.status). Allowed transitions:
 * {@code STOPPED -> STARTING -> RUNNING -> STOPPED}, any state {@code -> ERROR}, and {@code ERROR -> STARTING}.
 * Immutable and thread-safe.
 */
public enum ServerStatus {
    /** Not running (the initial state). */
    STOPPED,
    /** Being started. */
    STARTING,
    /** Serving requests. */
    RUNNING,
    /** Failed; may be started again. */
    ERROR;

    /** @return the value stored in the database ({@code "stopped"}, {@code "starting"}, ...) */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param value a stored status, case-insensitive
     * @return the status; empty when {@code value} is null or not one of the four
     */
    public static Optional<ServerStatus> fromDbValue(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (ServerStatus s : values()) {
            if (s.dbValue().equalsIgnoreCase(value.trim())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * @param next the wanted state
     * @return whether the state machine allows moving from this state to {@code next}
     */
    public boolean canTransitionTo(ServerStatus next) {
        if (next == null) {
            return false;
        }
        return switch (next) {
            case ERROR -> true;
            case STARTING -> this == STOPPED || this == ERROR;
            case RUNNING -> this == STARTING;
            case STOPPED -> this == RUNNING;
        };
    }
}
