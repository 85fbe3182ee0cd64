package io.mockloop.db.testing.archfixture;

import io.mockloop.db.internal.Errors;

/** Breaks the first architecture rule on purpose: a class outside internal that uses an internal helper. */
public final class LeaksInternal {

    private LeaksInternal() {
    }

    /** @param e a failure @return its root message, through an internal helper */
    public static String rootMessage(Throwable e) {
        return Errors.rootMessage(e);
    }
}
