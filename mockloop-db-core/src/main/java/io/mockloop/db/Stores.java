package io.mockloop.db;

import io.mockloop.db.config.ConfigStore;
import io.mockloop.db.scenario.MockResponseStore;
import io.mockloop.db.scenario.ScenarioStore;
import io.mockloop.db.server.ServerRegistry;
import io.mockloop.db.user.UserStore;
import io.mockloop.db.webhook.WebhookStore;
import io.mockloop.db.log.RequestLogStore;

/**
 * The typed stores, one per domain. {@link MockLoopDb} is one (each call runs in its own transaction); the
 * {@code Stores} handed to a {@link MockLoopDb#inTransaction(TransactionCallback)} callback is another, whose
 * stores all share that callback's transaction.
 *
 * <p>Accessors never return {@code null} and are cheap: call them as often as you like. A {@code Stores} handed to
 * a callback must not be used after the callback returns, nor from another thread while it runs.
 */
public interface Stores {

    /** @return the typed system settings (table system_config) */
    ConfigStore config();

    /** @return the registered mock servers (table mock_servers, view server_statistics) */
    ServerRegistry servers();

    /** @return the scenarios and their activation (table scenarios, view active_scenarios) */
    ScenarioStore scenarios();

    /** @return the per-endpoint mock responses and their resolution (table mock_responses) */
    MockResponseStore mockResponses();
    /** @return users, passwords, API keys and login sessions (tables users and user_sessions) */
    UserStore users();
    /**
     * @return the webhooks, their delivery outbox and attempt history (tables webhooks, webhook_outbox,
     *         webhook_deliveries)
     */
    WebhookStore webhooks();
    /** @return the request journal (table request_logs), applying {@link io.mockloop.db.log.LogPolicy#DEFAULTS} */
    RequestLogStore requestLogs();
}
