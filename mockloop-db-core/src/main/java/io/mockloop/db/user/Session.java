package io.mockloop.db.user;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A login session (table user_sessions). The token itself is never stored; {@link #id()} is its SHA-256 (hex),
 * which cannot be used as a token. {@code toString()} leaves the id out.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the SHA-256 of the session token, 64 lower-case hex digits
 * @param userId the user's id
 * @param createdAt when the session was created
 * @param expiresAt when it stops being valid
 * @param lastAccessed when it was last validated (updated at most once a minute)
 * @param ipAddress the client address given at creation, or empty
 * @param userAgent the client's user agent given at creation, or empty
 */
public record Session(String id, long userId, Instant createdAt, Instant expiresAt, Instant lastAccessed,
                      Optional<String> ipAddress, Optional<String> userAgent) {

    /** Compact constructor: checks for nulls. */
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(lastAccessed, "lastAccessed");
        Objects.requireNonNull(ipAddress, "ipAddress");
        Objects.requireNonNull(userAgent, "userAgent");
    }

    /**
     * @param now the instant to judge at
     * @return whether the session has expired at {@code now} (expiry is exclusive: valid strictly before it)
     */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** @return the fields without the id (a hash of the token) */
    @Override
    public String toString() {
        return "Session[userId=" + userId + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt
                + ", lastAccessed=" + lastAccessed + ", ipAddress=" + ipAddress + ", userAgent=" + userAgent + "]";
    }
}
