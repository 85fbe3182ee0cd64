package io.mockloop.db.server;

import io.mockloop.db.ConflictException;
import io.mockloop.db.NotFoundException;
import io.mockloop.db.ValidationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registered mock servers (table mock_servers, view server_statistics). Obtain it from
 * {@code MockLoopDb.servers()}. Implementations are thread-safe; each call is one transaction (or joins the
 * caller's inside {@code inTransaction}). A refused call writes nothing. No parameter may be {@code null}: a
 * {@code null} argument throws {@link NullPointerException} naming the parameter, before any work.
 */
public interface ServerRegistry {

    /**
     * Registers a server in status {@link ServerStatus#STOPPED}.
     *
     * @param registration what to register; without an id, a readable slug of the name is generated
     *                     ({@code "Pet Store"} becomes {@code "pet-store"}, then {@code "pet-store-2"}, ...)
     * @return the stored server
     * @throws ValidationException when id or name is blank or longer than 255 characters, specPath or
     *                             outputDirectory is blank, the port is outside 1-65535, or the config cannot be
     *                             written as JSON
     * @throws ConflictException when a server with the given id exists
     */
    MockServer register(ServerRegistration registration);

    /**
     * @param id a server id
     * @return the server; empty when there is none with that id
     */
    Optional<MockServer> find(String id);

    /**
     * @param id a server id
     * @return the server
     * @throws NotFoundException when there is none ({@code "server 'x' not found"})
     */
    MockServer get(String id);

    /**
     * Names are not unique; this returns the oldest server with the name.
     *
     * @param name a server name (exact match)
     * @return the earliest registered server with that name; empty when none
     */
    Optional<MockServer> findByName(String name);

    /**
     * @param port a port
     * @return the earliest registered server with that port; empty when none
     */
    Optional<MockServer> findByPort(int port);

    /** @return all servers ordered by creation time then id; empty when none */
    List<MockServer> list();

    /**
     * @param status a status
     * @return the servers in that status ordered by creation time then id; empty when none
     */
    List<MockServer> list(ServerStatus status);

    /**
     * @param id a server id
     * @param port the new port
     * @return the updated server
     * @throws ValidationException when the port is outside 1-65535
     * @throws NotFoundException when the server does not exist
     */
    MockServer updatePort(String id, int port);

    /**
     * Removes the server's port.
     *
     * @param id a server id
     * @return the updated server, without a port
     * @throws NotFoundException when the server does not exist
     */
    MockServer clearPort(String id);

    /**
     * Replaces the server configuration.
     *
     * @param id a server id
     * @param config the new configuration (plain Java values); an empty map stores no configuration
     * @return the updated server
     * @throws ValidationException when the config cannot be written as JSON
     * @throws NotFoundException when the server does not exist
     */
    MockServer updateConfig(String id, Map<String, Object> config);

    /**
     * Moves the server to {@code to} if the {@link ServerStatus} state machine allows it, clearing its pid and
     * keeping its port. Going to {@code RUNNING} sets started_at; going to {@code STOPPED} or {@code ERROR} sets
     * stopped_at; every transition sets updated_at.
     *
     * @param id a server id
     * @param to the wanted status
     * @return the updated server
     * @throws IllegalStatusTransitionException when the transition is not allowed (message names both states)
     * @throws NotFoundException when the server does not exist
     */
    MockServer transition(String id, ServerStatus to);

    /**
     * As {@link #transition(String, ServerStatus)}, recording the process id and keeping the port.
     *
     * @param id a server id
     * @param to the wanted status
     * @param pid the process id
     * @return the updated server
     * @throws IllegalStatusTransitionException when the transition is not allowed (message names both states)
     * @throws ValidationException when the pid is negative
     * @throws NotFoundException when the server does not exist
     */
    MockServer transition(String id, ServerStatus to, int pid);

    /**
     * As {@link #transition(String, ServerStatus)}, recording the process id and the port.
     *
     * @param id a server id
     * @param to the wanted status
     * @param pid the process id
     * @param port the port
     * @return the updated server
     * @throws IllegalStatusTransitionException when the transition is not allowed (message names both states)
     * @throws ValidationException when the pid is negative or the port outside 1-65535
     * @throws NotFoundException when the server does not exist
     */
    MockServer transition(String id, ServerStatus to, int pid, int port);

    /**
     * {@link #transition(String, ServerStatus)} to {@code STARTING}, keeping port and clearing pid.
     *
     * @param id a server id
     * @return the updated server
     */
    default MockServer markStarting(String id) {
        return transition(id, ServerStatus.STARTING);
    }

    /**
     * {@link #transition(String, ServerStatus, int)} to {@code RUNNING}, keeping the port.
     *
     * @param id a server id
     * @param pid the process id
     * @return the updated server
     */
    default MockServer markRunning(String id, int pid) {
        return transition(id, ServerStatus.RUNNING, pid);
    }

    /**
     * {@link #transition(String, ServerStatus, int, int)} to {@code RUNNING}.
     *
     * @param id a server id
     * @param pid the process id
     * @param port the port
     * @return the updated server
     */
    default MockServer markRunning(String id, int pid, int port) {
        return transition(id, ServerStatus.RUNNING, pid, port);
    }

    /**
     * {@link #transition(String, ServerStatus)} to {@code STOPPED}, clearing the pid.
     *
     * @param id a server id
     * @return the updated server
     */
    default MockServer markStopped(String id) {
        return transition(id, ServerStatus.STOPPED);
    }

    /**
     * {@link #transition(String, ServerStatus)} to {@code ERROR}, clearing the pid.
     *
     * @param id a server id
     * @return the updated server
     */
    default MockServer markError(String id) {
        return transition(id, ServerStatus.ERROR);
    }

    /**
     * Deletes the server; its scenarios, mock responses and webhooks go with it (foreign keys). Its request logs
     * stay.
     *
     * @param id a server id
     * @return whether a server was deleted ({@code false} when there was none)
     */
    boolean delete(String id);

    /**
     * @param id a server id
     * @return the server's figures from the server_statistics view (zeros without traffic)
     * @throws NotFoundException when the server does not exist
     */
    ServerStatistics statistics(String id);

    /** @return the figures of every server, traffic or not, ordered by server id; empty when no servers */
    List<ServerStatistics> statistics();
}
