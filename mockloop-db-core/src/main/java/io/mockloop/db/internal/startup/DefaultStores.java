package io.mockloop.db.internal.startup;

import io.mockloop.db.Stores;
import io.mockloop.db.config.ConfigStore;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.internal.config.JooqConfigStore;
import io.mockloop.db.internal.log.JooqRequestLogStore;
import io.mockloop.db.internal.scenario.JooqMockResponseStore;
import io.mockloop.db.internal.scenario.JooqScenarioStore;
import io.mockloop.db.internal.server.JooqServerRegistry;
import io.mockloop.db.internal.user.JooqUserStore;
import io.mockloop.db.internal.webhook.JooqWebhookStore;
import io.mockloop.db.log.RequestLogStore;
import io.mockloop.db.scenario.MockResponseStore;
import io.mockloop.db.scenario.ScenarioStore;
import io.mockloop.db.server.ServerRegistry;
import io.mockloop.db.user.UserStore;
import io.mockloop.db.webhook.WebhookStore;

/**
 * The stores over one {@link StoreContext}: the pool's (each call its own transaction) or a caller's
 * transaction. Store objects are created once per instance; they are stateless apart from the context.
 */
public final class DefaultStores implements Stores {

    private final StoreContext ctx;
    private final ConfigStore config;
    private final ServerRegistry servers;
    private final ScenarioStore scenarios;
    private final MockResponseStore mockResponses;
    private final UserStore users;
    private final WebhookStore webhooks;
    private final RequestLogStore requestLogs;

    /** @param ctx the context the stores run on */
    public DefaultStores(StoreContext ctx) {
        this.ctx = ctx;
        this.config = new JooqConfigStore(ctx);
        this.servers = new JooqServerRegistry(ctx);
        this.scenarios = new JooqScenarioStore(ctx);
        this.mockResponses = new JooqMockResponseStore(ctx);
        this.users = new JooqUserStore(ctx);
        this.webhooks = new JooqWebhookStore(ctx);
        this.requestLogs = new JooqRequestLogStore(ctx);
    }

    /** @return the context the stores run on */
    public StoreContext context() {
        return ctx;
    }

    @Override
    public ConfigStore config() {
        return config;
    }

    @Override
    public ServerRegistry servers() {
        return servers;
    }

    @Override
    public ScenarioStore scenarios() {
        return scenarios;
    }

    @Override
    public MockResponseStore mockResponses() {
        return mockResponses;
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public WebhookStore webhooks() {
        return webhooks;
    }

    @Override
    public RequestLogStore requestLogs() {
        return requestLogs;
    }
}
