package io.mockloop.db.scenario;

import io.mockloop.db.ConflictException;
import io.mockloop.db.NotFoundException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.log.LogFilter;
import java.util.List;
import java.util.Optional;

/**
 * The scenarios of the registered servers (table scenarios, view active_scenarios). Obtain it from
 * {@code MockLoopDb.scenarios()}. Implementations are thread-safe; each call is one transaction (or joins the
 * caller's inside {@code inTransaction}); a refused call writes nothing. At most one scenario per server is
 * active, also under concurrent {@link #activate} calls from several threads or processes.
 */
public interface ScenarioStore {

    /**
     * @param scenario what to create (inactive)
     * @return the stored scenario
     * @throws ValidationException when the name is blank or longer than 255 characters, description or createdBy
     *                             are too long, or an endpoint of the config breaks a rule (method, path template,
     *                             status 100-599, delay 0-600000 ms)
     * @throws NotFoundException when the server does not exist
     * @throws ConflictException when the server already has a scenario with that name
     *                           ({@code "scenario 'x' already exists for server 'y'"})
     */
    Scenario create(NewScenario scenario);

    /**
     * Freezes recorded traffic into a new, inactive scenario: for every method and path among the selected request
     * logs one endpoint of the scenario's configuration, answering with the status, headers and body of the most
     * recent (or most frequent, {@link FreezeOptions#pick()}) logged response. Left out of the headers: the
     * hop-by-hop ones (Connection, Keep-Alive, Transfer-Encoding, TE, Trailer, Upgrade, Proxy-*) and Content-Length,
     * the names the options' policy redacts, and any header logged as the redaction marker; several values of one
     * header are joined with {@code ", "}. Logs marked {@link io.mockloop.db.log.RequestLog#unmatched()} are not
     * traffic a mock should replay and are left out. Everything runs in one transaction: reading the logs, the
     * checks and the insert. Once activated, resolving a recorded method and path returns what was recorded.
     *
     * @param serverId the server the scenario belongs to; also the logs' server unless the filter names another
     * @param name the new scenario's name
     * @param filter which request logs (its order is ignored)
     * @param options how to freeze them
     * @return the stored scenario (inactive), its description saying how many logs it was frozen from
     * @throws ValidationException when the server id or name is blank or longer than 255 characters, the filter or
     *                             the options are null, the filter selects no log of the server to freeze (field
     *                             {@code filter}), or a recorded endpoint breaks a scenario rule (a body over
     *                             65,535 bytes, a path over 2,048 characters or with unbalanced braces)
     * @throws NotFoundException when the server does not exist
     * @throws ConflictException when the server already has a scenario with that name
     */
    Scenario createFromTraffic(String serverId, String name, LogFilter filter, FreezeOptions options);

    /**
     * @param serverId a server
     * @param name a scenario name
     * @return the scenario; empty when the server or the scenario does not exist
     */
    Optional<Scenario> find(String serverId, String name);

    /**
     * @param serverId a server
     * @param name a scenario name
     * @return the scenario
     * @throws NotFoundException when it does not exist ({@code "scenario 'server/name' not found"})
     */
    Scenario get(String serverId, String name);

    /**
     * @param serverId a server
     * @return its scenarios ordered by name; empty when none (or the server does not exist)
     */
    List<Scenario> list(String serverId);

    /**
     * Replaces description and configuration of a scenario (its name, activity and creator stay).
     *
     * @param serverId a server
     * @param name a scenario name
     * @param description the new description
     * @param config the new configuration ({@link ScenarioConfig#empty()} for none)
     * @return the updated scenario
     * @throws ValidationException as for {@link #create}
     * @throws NotFoundException when the scenario does not exist
     */
    Scenario update(String serverId, String name, String description, ScenarioConfig config);

    /**
     * Replaces the configuration of a scenario and removes its description (its name, activity and creator stay).
     *
     * @param serverId a server
     * @param name a scenario name
     * @param config the new configuration ({@link ScenarioConfig#empty()} for none)
     * @return the updated scenario
     * @throws ValidationException as for {@link #create}
     * @throws NotFoundException when the scenario does not exist
     */
    Scenario update(String serverId, String name, ScenarioConfig config);

    /**
     * Deletes an inactive scenario; same as {@code delete(serverId, name, false)}.
     *
     * @param serverId a server
     * @param name a scenario name
     * @return whether a scenario was deleted
     * @throws ConflictException when it is the active scenario
     */
    default boolean delete(String serverId, String name) {
        return delete(serverId, name, false);
    }

    /**
     * Deletes a scenario; responses bound to it become unbound (foreign key SET NULL).
     *
     * @param serverId a server
     * @param name a scenario name
     * @param force whether deleting the active scenario is allowed (the server then has none active)
     * @return whether a scenario was deleted ({@code false} when there was none)
     * @throws ConflictException when it is active and {@code force} is false
     */
    boolean delete(String serverId, String name, boolean force);

    /**
     * Makes {@code name} the server's only active scenario, atomically.
     *
     * @param serverId a server
     * @param name a scenario of that server
     * @return the scenario that was active before (as it was then); empty when none was. When {@code name} was
     *         already active, returns it.
     * @throws NotFoundException when the server or the scenario does not exist
     */
    Optional<Scenario> activate(String serverId, String name);

    /**
     * Leaves the server without an active scenario.
     *
     * @param serverId a server
     * @return the scenario that was active; empty when none was
     * @throws NotFoundException when the server does not exist
     */
    Optional<Scenario> deactivate(String serverId);

    /**
     * @param serverId a server
     * @return its active scenario; empty when none (or the server does not exist)
     */
    Optional<Scenario> active(String serverId);

    /** @return the rows of the active_scenarios view ordered by server id; empty when none */
    List<ActiveScenario> activeScenarios();

    /**
     * Exports a scenario with the responses bound to it as JSON (no ids, timestamps, server or activity), so that
     * export, import elsewhere, export gives the same text.
     *
     * @param serverId a server
     * @param name a scenario name
     * @return the JSON document
     * @throws NotFoundException when the scenario does not exist
     */
    String exportScenario(String serverId, String name);

    /**
     * Creates a scenario (inactive) and its responses from an {@link #exportScenario} document, in one transaction.
     *
     * @param serverId the server to import into
     * @param json the exported document
     * @return the created scenario
     * @throws ValidationException when the document does not parse, has the wrong shape, or breaks a rule
     * @throws NotFoundException when the server does not exist
     * @throws ConflictException when the server already has a scenario with that name
     */
    Scenario importScenario(String serverId, String json);

    /**
     * Registers a listener for scenario changes committed through this {@code MockLoopDb}.
     *
     * @param listener the listener
     * @return a handle whose {@code close()} unregisters it (idempotent)
     */
    AutoCloseable addListener(ScenarioListener listener);
}
