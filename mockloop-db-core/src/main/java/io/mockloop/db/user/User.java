package io.mockloop.db.user;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user account (table users). Carries no secret: neither the password hash nor the API key hash is part of it,
 * only whether each is set, so {@code toString()} is safe to log.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the database id
 * @param username 3 to 64 ASCII letters, digits, {@code _ . -}, as given at creation
 * @param email the email address as given, or empty when none
 * @param active whether the user may log in, use an API key or a session
 * @param admin whether the user is an administrator
 * @param hasPassword whether a password is set (a user without one cannot log in with a password)
 * @param hasApiKey whether an API key is issued
 * @param createdAt when the user was created
 * @param updatedAt when the account was last changed
 * @param lastLogin the last successful password login, or empty when none
 */
public record User(long id, String username, Optional<String> email, boolean active, boolean admin,
                   boolean hasPassword, boolean hasApiKey, Instant createdAt, Instant updatedAt,
                   Optional<Instant> lastLogin) {

    /** Compact constructor: checks for nulls. */
    public User {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(lastLogin, "lastLogin");
    }
}
