package io.mockloop.db.internal.user;

import static io.mockloop.db.internal.jooq.generated.tables.UserSessions.USER_SESSIONS;
import static io.mockloop.db.internal.jooq.generated.tables.Users.USERS;

import io.mockloop.db.ConflictException;
import io.mockloop.db.NotFoundException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.internal.TextRules;
import io.mockloop.db.internal.jooq.generated.tables.records.UserSessionsRecord;
import io.mockloop.db.internal.jooq.generated.tables.records.UsersRecord;
import io.mockloop.db.user.IssuedSession;
import io.mockloop.db.user.NewUser;
import io.mockloop.db.user.Session;
import io.mockloop.db.user.User;
import io.mockloop.db.user.UserStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * {@link UserStore} on tables users and user_sessions. Thread-safe (stateless apart from its context).
 *
 * <p>Password hashing runs outside any transaction this store opens (it takes long on purpose; on SQLite a write
 * transaction blocks every other writer).
 */
public final class JooqUserStore implements UserStore {

    static final int MIN_PASSWORD = 8;
    static final int MAX_PASSWORD = 1024;
    static final int MAX_EMAIL = 254;
    static final int MAX_USER_AGENT = 16_383;
    static final int MAX_IP = 45;
    static final Duration MAX_TTL = Duration.ofDays(366);
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,64}");
    private static final String ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    private static final Pattern EMAIL = Pattern.compile(ATEXT + "(\\." + ATEXT + ")*@"
            + "([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");
    private static final Pattern IP = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    static final String USERNAME_RULE = "must be 3 to 64 ASCII letters, digits, '_', '.' or '-'";
    static final String EMAIL_RULE = "must be an ASCII email address like name@example.com of at most "
            + MAX_EMAIL + " characters";

    private final StoreContext ctx;
    private final Supplier<PasswordHasher> hasher;
    private final Clock clock;

    /** @param ctx the store context; hashes at the cost {@link PasswordHasher#current()} gives at each call */
    public JooqUserStore(StoreContext ctx) {
        this(ctx, PasswordHasher::current, Clock.systemUTC());
    }

    /**
     * @param ctx the store context
     * @param hasher gives the hasher for each new hash
     * @param clock the clock for timestamps and expiry
     */
    public JooqUserStore(StoreContext ctx, Supplier<PasswordHasher> hasher, Clock clock) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---------------------------------------------------------------- validation

    /** A password in a message: its length only. */
    private record Hidden(int length) {
        @Override
        public String toString() {
            return "<hidden, " + length + " characters>";
        }
    }

    static void checkUsername(String username) {
        java.util.Objects.requireNonNull(username, "username");
        if (!USERNAME.matcher(username).matches()) {
            throw new ValidationException("username", USERNAME_RULE, username);
        }
    }

    static void checkEmail(String email) {
        if (email != null && (email.length() > MAX_EMAIL || email.indexOf('@') > 64
                || !EMAIL.matcher(email).matches())) {
            throw new ValidationException("email", EMAIL_RULE, email);
        }
    }

    static void checkPassword(String password) {
        java.util.Objects.requireNonNull(password, "password");
        int length = password.codePointCount(0, password.length());
        if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
            throw new ValidationException("password", "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD
                    + " characters", new Hidden(length));
        }
        // the hash sees UTF-8, where every unpaired surrogate becomes '?': "x\uD800" and "x?" would be one password
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < password.length()
                    && Character.isLowSurrogate(password.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ValidationException("password", "must not contain unpaired UTF-16 surrogates",
                        new Hidden(length));
            }
        }
    }

    private static void notNull(String field, Object value) {
        java.util.Objects.requireNonNull(value, field);
    }

    // ---------------------------------------------------------------- users

    @Override
    public User create(NewUser user) {
        java.util.Objects.requireNonNull(user, "user");
        return create(user.username(), user.email().orElse(null), user.password().orElse(null), user.admin());
    }

    /** {@code email} and {@code password} may be null here: none. */
    private User create(String username, String email, String password, boolean admin) {
        checkUsername(username);
        checkEmail(email);
        if (password != null) {
            checkPassword(password);
        }
        String hash = password == null ? null : hasher.get().hash(password);
        Instant now = now();
        try {
            return ctx.transactionResult("create user '" + username + "'", tx -> {
                DSLContext dsl = tx.dsl();
                UsersRecord clash = dsl.selectFrom(USERS).where(sameName(username)).limit(1).fetchOne();
                if (clash != null) {
                    throw new ConflictException("username '" + username + "' is already taken by user '"
                            + clash.getUsername() + "'");
                }
                if (email != null) {
                    clash = dsl.selectFrom(USERS).where(sameEmail(email)).limit(1).fetchOne();
                    if (clash != null) {
                        throw new ConflictException("email '" + email + "' is already used by user '"
                                + clash.getUsername() + "'");
                    }
                }
                Long id = dsl.insertInto(USERS)
                        .set(USERS.USERNAME, username)
                        .set(USERS.EMAIL, email)
                        .set(USERS.PASSWORD_HASH, hash)
                        .set(USERS.IS_ACTIVE, true)
                        .set(USERS.IS_ADMIN, admin)
                        .set(USERS.CREATED_AT, now)
                        .set(USERS.UPDATED_AT, now)
                        .returningResult(USERS.ID).fetchOne().value1();
                return toUser(dsl.selectFrom(USERS).where(USERS.ID.eq(id)).fetchSingle());
            });
        } catch (RuntimeException e) {
            if (Errors.isUniqueViolation(e)) {
                // a concurrent create won the race: the database's unique index (v005: on lower(...)) refused ours
                throw new ConflictException(switch (clashingField(e)) {
                    case "email" -> "email '" + email + "' was taken by a concurrent create";
                    case "username" -> "username '" + username + "' was taken by a concurrent create";
                    default -> "username '" + username + "'" + (email == null ? "" : " or email '" + email + "'")
                            + " was taken by a concurrent create";
                }, e);
            }
            throw e;
        }
    }

    /**
     * The users column whose unique index refused an insert, read from the driver's message, which names the index
     * ("uq_users_email_ci" on PostgreSQL and MySQL/MariaDB, "index 'uq_users_email_ci'" or "users.email" on
     * SQLite); "" when it names neither.
     */
    static String clashingField(Throwable e) {
        for (Throwable t : Errors.causes(e)) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            // leave out the duplicate value: it comes first in MySQL/MariaDB's message ("Duplicate entry 'x' for key
            // 'y'") and last in PostgreSQL's ("... constraint "y" Detail: Key (lower(username))=(x) ...")
            int detail = m.indexOf("detail:");
            String tail = m.substring(Math.max(m.lastIndexOf("for key"), 0), detail < 0 ? m.length() : detail);
            if (tail.contains("uq_users_email") || tail.contains("users.email") || tail.contains("users_email")) {
                return "email";
            }
            if (tail.contains("uq_users_username") || tail.contains("users.username")
                    || tail.contains("users_username")) {
                return "username";
            }
        }
        return "";
    }

    private static org.jooq.Condition sameName(String username) {
        return DSL.lower(USERS.USERNAME).eq(username.toLowerCase(Locale.ROOT));
    }

    private static org.jooq.Condition sameEmail(String email) {
        return DSL.lower(USERS.EMAIL).eq(email.toLowerCase(Locale.ROOT));
    }

    @Override
    public User get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("user", id));
    }

    @Override
    public Optional<User> find(long id) {
        return ctx.read("find user " + id,
                rd -> rd.dsl().selectFrom(USERS).where(USERS.ID.eq(id)).fetchOptional().map(JooqUserStore::toUser));
    }

    @Override
    public Optional<User> findByUsername(String username) {
        notNull("username", username);
        if (!USERNAME.matcher(username).matches()) {
            return Optional.empty();
        }
        return ctx.read("find user '" + username + "'",
                rd -> rd.dsl().selectFrom(USERS).where(sameName(username)).limit(1).fetchOptional()
                .map(JooqUserStore::toUser));
    }

    @Override
    public User getByUsername(String username) {
        return findByUsername(username).orElseThrow(() -> new NotFoundException("user", username));
    }

    @Override
    public User getByEmail(String email) {
        return findByEmail(email).orElseThrow(() -> new NotFoundException("user with email", email));
    }

    @Override
    public Optional<User> findByEmail(String email) {
        notNull("email", email);
        if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
            return Optional.empty();
        }
        return ctx.read("find the user with e-mail '" + email + "'",
                rd -> rd.dsl().selectFrom(USERS).where(sameEmail(email)).limit(1).fetchOptional()
                .map(JooqUserStore::toUser));
    }

    @Override
    public List<User> list() {
        return ctx.read("list users", rd -> rd.dsl().selectFrom(USERS).orderBy(USERS.ID).fetch(JooqUserStore::toUser));
    }

    @Override
    public long count() {
        return ctx.read("count users", rd -> rd.dsl().fetchCount(USERS));
    }

    @Override
    public User activate(long id) {
        return updateFlag(id, USERS.IS_ACTIVE, true);
    }

    @Override
    public User deactivate(long id) {
        return updateFlag(id, USERS.IS_ACTIVE, false);
    }

    @Override
    public User setAdmin(long id, boolean admin) {
        return updateFlag(id, USERS.IS_ADMIN, admin);
    }

    private User updateFlag(long id, org.jooq.TableField<UsersRecord, Boolean> field, boolean value) {
        Instant now = now();
        return ctx.transactionResult("update user " + id, tx -> {
            requireUser(tx.dsl(), id);
            tx.dsl().update(USERS).set(field, value).set(USERS.UPDATED_AT, now).where(USERS.ID.eq(id)).execute();
            return toUser(tx.dsl().selectFrom(USERS).where(USERS.ID.eq(id)).fetchSingle());
        });
    }

    private static UsersRecord requireUser(DSLContext dsl, long id) {
        UsersRecord r = dsl.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOne();
        if (r == null) {
            throw new NotFoundException("user", id);
        }
        return r;
    }

    @Override
    public void changePassword(long id, String newPassword) {
        checkPassword(newPassword);
        String hash = hasher.get().hash(newPassword);
        setPasswordHash(id, hash);
    }

    @Override
    public void clearPassword(long id) {
        setPasswordHash(id, null);
    }

    private void setPasswordHash(long id, String hash) {
        Instant now = now();
        ctx.transactionResult("set the password of user " + id, tx -> {
            requireUser(tx.dsl(), id);
            tx.dsl().update(USERS).set(USERS.PASSWORD_HASH, hash).set(USERS.UPDATED_AT, now)
                    .where(USERS.ID.eq(id)).execute();
            return null;
        });
    }

    @Override
    public boolean delete(long id) {
        return ctx.transactionResult("delete user " + id, tx -> {
            // explicit, so sessions go even where a connection runs without foreign key enforcement
            tx.dsl().deleteFrom(USER_SESSIONS).where(USER_SESSIONS.USER_ID.eq(id)).execute();
            return tx.dsl().deleteFrom(USERS).where(USERS.ID.eq(id)).execute() > 0;
        });
    }

    @Override
    public Optional<User> authenticate(String username, String password) {
        notNull("username", username);
        notNull("password", password);
        PasswordHasher h = hasher.get();
        int length = password.codePointCount(0, password.length());
        if (length > MAX_PASSWORD) {
            h.dummyVerify(password.substring(0, MAX_PASSWORD));
            return Optional.empty();
        }
        UsersRecord row = USERNAME.matcher(username).matches()
                ? ctx.read("authenticate user '" + username + "'",
                        rd -> rd.dsl().selectFrom(USERS).where(sameName(username)).limit(1).fetchOne())
                : null;
        if (row == null) {
            h.dummyVerify(password);
            return Optional.empty();
        }
        String stored = row.getPasswordHash();
        PasswordHasher.Result result = h.verify(password, stored);
        if (result == PasswordHasher.Result.NO_MATCH || !Boolean.TRUE.equals(row.getIsActive())) {
            return Optional.empty();
        }
        String rehash = result == PasswordHasher.Result.MATCH_NEEDS_REHASH ? h.hash(password) : null;
        Instant now = now();
        long id = row.getId();
        return ctx.transactionResult("authenticate user '" + username + "'", tx -> {
            DSLContext dsl = tx.dsl();
            dsl.update(USERS).set(USERS.LAST_LOGIN, now).where(USERS.ID.eq(id)).execute();
            if (rehash != null) {
                // only if nobody changed the password meanwhile
                dsl.update(USERS).set(USERS.PASSWORD_HASH, rehash)
                        .where(USERS.ID.eq(id).and(USERS.PASSWORD_HASH.eq(stored))).execute();
            }
            return dsl.selectFrom(USERS).where(USERS.ID.eq(id).and(USERS.IS_ACTIVE.isTrue())).fetchOptional()
                    .map(JooqUserStore::toUser);
        });
    }

    // ---------------------------------------------------------------- API keys

    @Override
    public String issueApiKey(long userId) {
        return setApiKey(userId, false);
    }

    @Override
    public String rotateApiKey(long userId) {
        return setApiKey(userId, true);
    }

    private String setApiKey(long userId, boolean replace) {
        String key = Secrets.newApiKey();
        String digest = Secrets.sha256Hex(key);
        Instant now = now();
        ctx.transactionResult("set the API key of user " + userId, tx -> {
            UsersRecord user = requireUser(tx.dsl(), userId);
            if (!replace && user.getApiKey() != null) {
                throw new ConflictException("user '" + user.getUsername()
                        + "' already has an API key; rotate or revoke it first");
            }
            tx.dsl().update(USERS).set(USERS.API_KEY, digest).set(USERS.UPDATED_AT, now)
                    .where(USERS.ID.eq(userId)).execute();
            return null;
        });
        return key;
    }

    @Override
    public boolean revokeApiKey(long userId) {
        Instant now = now();
        return ctx.transactionResult("revoke the API key of user " + userId, tx -> {
            UsersRecord user = requireUser(tx.dsl(), userId);
            if (user.getApiKey() == null) {
                return false;
            }
            tx.dsl().update(USERS).setNull(USERS.API_KEY).set(USERS.UPDATED_AT, now)
                    .where(USERS.ID.eq(userId)).execute();
            return true;
        });
    }

    @Override
    public Optional<User> authenticateApiKey(String apiKey) {
        notNull("apiKey", apiKey);
        if (!Secrets.isApiKey(apiKey)) {
            return Optional.empty();
        }
        return ctx.read("find the user of an API key", rd -> rd.dsl().selectFrom(USERS)
                .where(USERS.API_KEY.eq(Secrets.sha256Hex(apiKey)).and(USERS.IS_ACTIVE.isTrue()))
                .fetchOptional().map(JooqUserStore::toUser));
    }

    // ---------------------------------------------------------------- sessions

    @Override
    public IssuedSession createSession(long userId, Duration ttl) {
        return session(userId, ttl, null, null);
    }

    @Override
    public IssuedSession createSession(long userId, Duration ttl, String ipAddress, String userAgent) {
        notNull("ipAddress", ipAddress);
        notNull("userAgent", userAgent);
        return session(userId, ttl, ipAddress, userAgent);
    }

    /** {@code ipAddress} and {@code userAgent} may be null here: not recorded. */
    private IssuedSession session(long userId, Duration ttl, String ipAddress, String userAgent) {
        notNull("ttl", ttl);
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new ValidationException("ttl", "must be between 1 second and 366 days", ttl);
        }
        if (ipAddress != null && !IP.matcher(ipAddress).matches()) {
            throw new ValidationException("ipAddress", "must be an IPv4 or IPv6 address of at most " + MAX_IP
                    + " characters", ipAddress);
        }
        if (userAgent != null && userAgent.length() > MAX_USER_AGENT) {
            throw new ValidationException("userAgent", "must be at most " + MAX_USER_AGENT + " characters", userAgent);
        }
        TextRules.noNul("userAgent", userAgent);
        String token = Secrets.newToken();
        String id = Secrets.sha256Hex(token);
        Instant now = now();
        Instant expires = now.plus(ttl).truncatedTo(ChronoUnit.MILLIS);
        Session session = ctx.transactionResult("create a session for user " + userId, tx -> {
            UsersRecord user = requireUser(tx.dsl(), userId);
            if (!Boolean.TRUE.equals(user.getIsActive())) {
                throw new ConflictException("user '" + user.getUsername() + "' is inactive and cannot get a session");
            }
            tx.dsl().insertInto(USER_SESSIONS)
                    .set(USER_SESSIONS.ID, id)
                    .set(USER_SESSIONS.USER_ID, userId)
                    .set(USER_SESSIONS.EXPIRES_AT, expires)
                    .set(USER_SESSIONS.CREATED_AT, now)
                    .set(USER_SESSIONS.LAST_ACCESSED, now)
                    .set(USER_SESSIONS.IP_ADDRESS, ipAddress)
                    .set(USER_SESSIONS.USER_AGENT, userAgent)
                    .execute();
            return new Session(id, userId, now, expires, now, Optional.ofNullable(ipAddress),
                    Optional.ofNullable(userAgent));
        });
        return new IssuedSession(token, session);
    }

    @Override
    public Optional<Session> validateSession(String token) {
        notNull("token", token);
        if (!Secrets.isToken(token)) {
            return Optional.empty();
        }
        String id = Secrets.sha256Hex(token);
        Instant now = now();
        UserSessionsRecord row = ctx.read("validate a session",
                rd -> rd.dsl().select(USER_SESSIONS.fields()).from(USER_SESSIONS)
                .join(USERS).on(USERS.ID.eq(USER_SESSIONS.USER_ID))
                .where(USER_SESSIONS.ID.eq(id).and(USER_SESSIONS.EXPIRES_AT.gt(now)).and(USERS.IS_ACTIVE.isTrue()))
                .fetchOptionalInto(USER_SESSIONS).orElse(null));
        if (row == null) {
            return Optional.empty();
        }
        if (!row.getLastAccessed().plus(TOUCH_INTERVAL).isAfter(now)) {
            Instant threshold = now.minus(TOUCH_INTERVAL);
            ctx.transactionResult("touch a session",
                    tx -> tx.dsl().update(USER_SESSIONS).set(USER_SESSIONS.LAST_ACCESSED, now)
                            .where(USER_SESSIONS.ID.eq(id).and(USER_SESSIONS.LAST_ACCESSED.le(threshold))).execute());
            row.setLastAccessed(now);
        }
        return Optional.of(toSession(row));
    }

    @Override
    public List<Session> listSessions(long userId) {
        return ctx.read("list the sessions of user " + userId,
                rd -> rd.dsl().selectFrom(USER_SESSIONS).where(USER_SESSIONS.USER_ID.eq(userId))
                .orderBy(USER_SESSIONS.CREATED_AT, USER_SESSIONS.ID).fetch(JooqUserStore::toSession));
    }

    @Override
    public boolean revokeSession(String token) {
        notNull("token", token);
        if (!Secrets.isToken(token)) {
            return false;
        }
        String id = Secrets.sha256Hex(token);
        return ctx.transactionResult("revoke a session",
                tx -> tx.dsl().deleteFrom(USER_SESSIONS).where(USER_SESSIONS.ID.eq(id)).execute() > 0);
    }

    @Override
    public int revokeAllSessions(long userId) {
        return ctx.transactionResult("revoke the sessions of user " + userId, tx -> tx.dsl().deleteFrom(USER_SESSIONS)
                .where(USER_SESSIONS.USER_ID.eq(userId)).execute());
    }

    @Override
    public int purgeExpiredSessions() {
        Instant now = now();
        return ctx.transactionResult("purge expired sessions", tx -> tx.dsl().deleteFrom(USER_SESSIONS)
                .where(USER_SESSIONS.EXPIRES_AT.le(now)).execute());
    }

    // ---------------------------------------------------------------- mapping

    private static User toUser(UsersRecord r) {
        return new User(r.getId(), r.getUsername(), Optional.ofNullable(r.getEmail()),
                Boolean.TRUE.equals(r.getIsActive()), Boolean.TRUE.equals(r.getIsAdmin()),
                r.getPasswordHash() != null, r.getApiKey() != null, r.getCreatedAt(), r.getUpdatedAt(),
                Optional.ofNullable(r.getLastLogin()));
    }

    private static Session toSession(UserSessionsRecord r) {
        return new Session(r.getId(), r.getUserId(), r.getCreatedAt(), r.getExpiresAt(), r.getLastAccessed(),
                Optional.ofNullable(r.getIpAddress()), Optional.ofNullable(r.getUserAgent()));
    }
}
