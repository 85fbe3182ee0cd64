package io.mockloop.db.user;

import java.util.Objects;

/**
 * A session just created, with its token: the only time the token is available. Hand the token to the client and
 * drop this object; {@code toString()} does not show the token.
 *
 * <p>Immutable and thread-safe.
 *
 * @param token the session token: 32 random bytes, URL-safe base64 without padding (43 characters)
 * @param session the stored session
 */
public record IssuedSession(String token, Session session) {

    /** Compact constructor: checks for nulls. */
    public IssuedSession {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(session, "session");
    }

    /** @return the session without the token */
    @Override
    public String toString() {
        return "IssuedSession[token=<hidden>, session=" + session + "]";
    }
}
