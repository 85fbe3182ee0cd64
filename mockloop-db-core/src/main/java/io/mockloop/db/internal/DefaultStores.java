package io.mockloop.db.internal;

import io.mockloop.db.Stores;
import io.mockloop.db.config.ConfigStore;
import io.mockloop.db.internal.config.JooqConfigStore;
import io.mockloop.db.internal.user.JooqUserStore;
import io.mockloop.db.user.UserStore;

/**
 * The stores over one {@link StoreContext}: the pool's (each call its own transaction) or a caller's
 * transaction. Store objects are created once per instance; they are stateless apart from the context.
 */
public final class DefaultStores implements Stores {

    private final StoreContext ctx;
    private final ConfigStore config;
    private final UserStore users;

    /** @param ctx the context the stores run on */
    public DefaultStores(StoreContext ctx) {
        this.ctx = ctx;
        this.config = new JooqConfigStore(ctx);
        this.users = new JooqUserStore(ctx);
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
    public UserStore users() {
        return users;
    }
}
