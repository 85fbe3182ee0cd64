package io.mockloop.db.internal.archfixture.b;

import io.mockloop.db.internal.archfixture.a.Ping;

/** With {@link Ping}, breaks the second architecture rule on purpose: two internal packages that use each other. */
public final class Pong {

    private Pong() {
    }

    /** @return the other side's name */
    public static String other() {
        return Ping.name();
    }

    /** @return this side's name */
    public static String name() {
        return "pong";
    }
}
