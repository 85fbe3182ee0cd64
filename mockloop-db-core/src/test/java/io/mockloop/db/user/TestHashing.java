package io.mockloop.db.user;

import io.mockloop.db.internal.user.PasswordHasher;

/**
 * Lowers the password hashing cost for this test JVM through the one documented test setting,
 * {@link UserStore#HASH_ITERATIONS_PROPERTY}; the library logs a warning about it once.
 */
final class TestHashing {

    /** Iterations used by the tests (the production cost is 600,000). */
    static final int ITERATIONS = 1_000;

    static {
        System.setProperty(UserStore.HASH_ITERATIONS_PROPERTY, String.valueOf(ITERATIONS));
    }

    private TestHashing() {
    }

    /** Makes sure the property is set (runs the static initializer). */
    static void lowerCost() {
        // the static initializer did the work
    }

    /** @param iterations a cost @return a hasher at that cost */
    static PasswordHasher at(int iterations) {
        return new PasswordHasher(iterations);
    }
}
