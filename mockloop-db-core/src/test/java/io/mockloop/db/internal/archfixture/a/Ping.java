package io.mockloop.db.internal.archfixture.a;

import io.mockloop.db.internal.archfixture.b.Pong;

/** With {@link Pong}, breaks the second architecture rule on purpose: two internal packages that use each other. */
public final class Ping {

    private Ping() {
    }

    /** @return the other side's name */
    public static String other() {
        return Pong.name();
    }

    /** @return this side's name */
    public static String name() {
        return "ping";
    }
}
