package io.mockloop.db.testing.archfixture;

import org.jooq.DSLContext;

/** Breaks the third architecture rule on purpose: a public type whose public signature shows a jOOQ type. */
public final class ExposesJooq {

    private ExposesJooq() {
    }

    /** @param dsl a jOOQ context @return it, unchanged */
    public static java.util.List<DSLContext> wrap(DSLContext dsl) {
        return java.util.List.of(dsl);
    }
}
