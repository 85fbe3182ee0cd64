package io.mockloop.db.server;

import io.mockloop.db.ConflictException;

/**
 * Thrown when a server status change is not allowed by the {@link ServerStatus} state machine. The message names
 * the server and both states: {@code "server 'petstore' cannot go from stopped to running"}.
 */
public class IllegalStatusTransitionException extends ConflictException {

    private static final long serialVersionUID = 1L;

    private final String serverId;
    private final ServerStatus from;
    private final ServerStatus to;

    /**
     * @param serverId the server
     * @param from its current status
     * @param to the refused status
     */
    public IllegalStatusTransitionException(String serverId, ServerStatus from, ServerStatus to) {
        super("server '" + serverId + "' cannot go from " + from.dbValue() + " to " + to.dbValue());
        this.serverId = serverId;
        this.from = from;
        this.to = to;
    }

    /** @return the server id */
    public String serverId() {
        return serverId;
    }

    /** @return the status the server was in */
    public ServerStatus from() {
        return from;
    }

    /** @return the status that was refused */
    public ServerStatus to() {
        return to;
    }
}
