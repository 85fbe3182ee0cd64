package io.mockloop.db.user;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Users, their passwords, API keys and login sessions (tables users and user_sessions).
 *
 * <h2>Secrets</h2>
 * <ul>
 *   <li>Passwords are hashed with PBKDF2-HMAC-SHA256 (600,000 iterations, 16-byte random salt) and stored as
 *       {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>}, so the cost can be raised later: a
 *       successful login whose stored hash uses fewer iterations (or another scheme) than the current cost is
 *       re-hashed. Verification compares in constant time and runs a full dummy hash for unknown users and users
 *       without a password, so the time taken does not tell whether a username exists.</li>
 *   <li>API keys ({@code mlk_} followed by 32 random bytes in URL-safe base64) and session tokens (32 random
 *       bytes, URL-safe base64) are returned once, when issued; only their SHA-256 (hex) is stored.</li>
 *   <li>Nothing in this package logs or prints a password, key, token or hash.</li>
 * </ul>
 *
 * <h2>Cost for tests</h2>
 * The system property {@value #HASH_ITERATIONS_PROPERTY} lowers (or raises) the PBKDF2 iteration count for
 * hashes made from then on; it is read on every hash. It exists so test suites need not spend about half a second
 * per password: below 600,000 the library logs a WARN once per value. Never set it in production.
 *
 * <h2>Names</h2>
 * Usernames are compared case-insensitively (so {@code Alice} and {@code alice} are the same user on every
 * database) and returned as given; so are emails. Both are ASCII: MariaDB/MySQL would otherwise treat accented
 * and unaccented spellings as equal where SQLite and PostgreSQL do not. From schema version 5 the database itself
 * enforces it (unique indexes on {@code lower(username)} and {@code lower(email)}; ASCII letters fold the same on
 * every database), so two concurrent creates of {@code Alice} and {@code alice}, even from two processes, leave
 * one user: the other gets a {@link io.mockloop.db.ConflictException} naming the field.
 *
 * <p>Every call validates its input before writing; a refused call writes nothing. Inside
 * {@link io.mockloop.db.MockLoopDb#inTransaction} every call joins the caller's transaction. Thread-safe.
 */
public interface UserStore {

    /** System property that overrides the PBKDF2 iteration count; meant for tests only (see the class comment). */
    String HASH_ITERATIONS_PROPERTY = "mockloop.db.passwordHashIterations";

    /** The production PBKDF2-HMAC-SHA256 iteration count (OWASP's guidance, 2023). */
    int PRODUCTION_HASH_ITERATIONS = 600_000;

    /**
     * Creates an active user.
     *
     * @param user the username, and optionally the email address, the password and whether the user is an
     *             administrator (see {@link NewUser} for the rules)
     * @return the new user
     * @throws io.mockloop.db.ValidationException when a field breaks its rule (a password is never shown in the
     *         message, only its length)
     * @throws io.mockloop.db.ConflictException when the username or email is taken (ignoring case), also when a
     *         concurrent create took it first; the message starts with the field ({@code username '...'} or
     *         {@code email '...'})
     */
    User create(NewUser user);

    /**
     * @param id a user id
     * @return the user
     * @throws io.mockloop.db.NotFoundException when there is no user with that id
     */
    User get(long id);

    /**
     * @param id a user id
     * @return the user, or empty when there is none
     */
    Optional<User> find(long id);

    /**
     * @param username a username, compared ignoring case
     * @return the user, or empty when there is none (also for text that cannot be a username)
     * @throws NullPointerException when {@code username} is {@code null}
     */
    Optional<User> findByUsername(String username);

    /**
     * @param username a username, compared ignoring case
     * @return the user
     * @throws NullPointerException when {@code username} is {@code null}
     * @throws io.mockloop.db.NotFoundException when there is no such user
     */
    User getByUsername(String username);

    /**
     * @param email an email address, compared ignoring case
     * @return the user
     * @throws NullPointerException when {@code email} is {@code null}
     * @throws io.mockloop.db.NotFoundException when no user has that address
     */
    User getByEmail(String email);

    /**
     * @param email an email address, compared ignoring case
     * @return the user, or empty when there is none (also for text that cannot be an address)
     * @throws NullPointerException when {@code email} is {@code null}
     */
    Optional<User> findByEmail(String email);

    /** @return every user, ordered by id; empty when there are none */
    List<User> list();

    /** @return the number of users */
    long count();

    /**
     * Lets the user log in, use their API key and sessions again. Idempotent.
     *
     * @param id a user id
     * @return the user as stored afterwards
     * @throws io.mockloop.db.NotFoundException when there is no user with that id
     */
    User activate(long id);

    /**
     * Stops the user from logging in and makes their API key and sessions refuse them (sessions are kept and work
     * again after {@link #activate(long)}). Idempotent.
     *
     * @param id a user id
     * @return the user as stored afterwards
     * @throws io.mockloop.db.NotFoundException when there is no user with that id
     */
    User deactivate(long id);

    /**
     * @param id a user id
     * @param admin whether the user is an administrator
     * @return the user as stored afterwards
     * @throws io.mockloop.db.NotFoundException when there is no user with that id
     */
    User setAdmin(long id, boolean admin);

    /**
     * Sets a new password (hashed at the current cost). Sessions are kept; call
     * {@link #revokeAllSessions(long)} to end them.
     *
     * @param id a user id
     * @param newPassword 8 to 1,024 characters
     * @throws io.mockloop.db.ValidationException when the password breaks the length rule or holds an unpaired UTF-16 surrogate
     * @throws io.mockloop.db.NotFoundException when there is no user with that id
     */
    void changePassword(long id, String newPassword);

    /**
     * Removes the password: the user can no longer log in with one (API key and sessions are unaffected).
     *
     * @param id a user id
     * @throws io.mockloop.db.NotFoundException when there is no user with that id
     */
    void clearPassword(long id);

    /**
     * Deletes the user together with their sessions.
     *
     * @param id a user id
     * @return whether a user was deleted
     */
    boolean delete(long id);

    /**
     * Checks a password login. On success sets last_login, and re-hashes the password when its stored hash is
     * below the current cost. Takes as long for an unknown user, a user without a password and a wrong password
     * as for a right one.
     *
     * @param username the username, compared ignoring case
     * @param password the password as typed
     * @return the user as stored after the login, or empty when the user is unknown, inactive, has no password,
     *         or the password is wrong (the caller cannot tell which)
     * @throws NullPointerException when an argument is {@code null}
     */
    Optional<User> authenticate(String username, String password);

    /**
     * Issues an API key for a user who has none.
     *
     * @param userId a user id
     * @return the key: shown this once, only its SHA-256 is stored
     * @throws io.mockloop.db.NotFoundException when there is no user with that id
     * @throws io.mockloop.db.ConflictException when the user already has a key (rotate or revoke it)
     */
    String issueApiKey(long userId);

    /**
     * Replaces the user's API key (or issues a first one); the old key stops working at once.
     *
     * @param userId a user id
     * @return the new key: shown this once, only its SHA-256 is stored
     * @throws io.mockloop.db.NotFoundException when there is no user with that id
     */
    String rotateApiKey(long userId);

    /**
     * @param userId a user id
     * @return whether a key was revoked ({@code false} when the user had none)
     * @throws io.mockloop.db.NotFoundException when there is no user with that id
     */
    boolean revokeApiKey(long userId);

    /**
     * @param apiKey a key as presented by a client
     * @return the active user holding that key, or empty (unknown, revoked, malformed key or inactive user)
     * @throws NullPointerException when {@code apiKey} is {@code null}
     */
    Optional<User> authenticateApiKey(String apiKey);

    /**
     * Creates a login session without client details.
     *
     * @param userId an active user's id
     * @param ttl how long the session lives: 1 second to 366 days
     * @return the session with its token: shown this once, only its SHA-256 is stored
     * @throws io.mockloop.db.ValidationException when {@code ttl} is out of range
     * @throws io.mockloop.db.NotFoundException when there is no user with that id
     * @throws io.mockloop.db.ConflictException when the user is inactive
     */
    IssuedSession createSession(long userId, Duration ttl);

    /**
     * Creates a login session that records the client.
     *
     * @param userId an active user's id
     * @param ttl how long the session lives: 1 second to 366 days
     * @param ipAddress the client address (IPv4 or IPv6 text, at most 45 characters)
     * @param userAgent the client's user agent (at most 16,383 characters, stored verbatim)
     * @return the session with its token: shown this once, only its SHA-256 is stored
     * @throws NullPointerException when {@code ipAddress} or {@code userAgent} is {@code null}
     * @throws io.mockloop.db.ValidationException when an argument breaks its rule
     * @throws io.mockloop.db.NotFoundException when there is no user with that id
     * @throws io.mockloop.db.ConflictException when the user is inactive
     */
    IssuedSession createSession(long userId, Duration ttl, String ipAddress, String userAgent);

    /**
     * Checks a session token; when valid, moves last_accessed to now if it is more than a minute old.
     *
     * @param token a token as presented by a client
     * @return the session, or empty when the token is unknown, revoked, malformed or expired, or the user is
     *         inactive
     * @throws NullPointerException when {@code token} is {@code null}
     */
    Optional<Session> validateSession(String token);

    /**
     * @param userId a user id
     * @return the user's sessions (expired ones included until purged), oldest first; empty when none
     */
    List<Session> listSessions(long userId);

    /**
     * @param token a session token
     * @return whether a session was revoked ({@code false} for an unknown or malformed token)
     * @throws NullPointerException when {@code token} is {@code null}
     */
    boolean revokeSession(String token);

    /**
     * @param userId a user id
     * @return how many sessions were revoked
     */
    int revokeAllSessions(long userId);

    /** @return how many expired sessions were deleted */
    int purgeExpiredSessions();
}
