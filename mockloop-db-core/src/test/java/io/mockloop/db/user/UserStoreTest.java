package io.mockloop.db.user;

import static io.mockloop.db.internal.jooq.generated.tables.UserSessions.USER_SESSIONS;
import static io.mockloop.db.internal.jooq.generated.tables.Users.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.ConflictException;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.NotFoundException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.user.JooqUserStore;
import io.mockloop.db.internal.user.PasswordHasher;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jooq.DSLContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Contract of {@link UserStore} (tables users and user_sessions) on every database. */
class UserStoreTest {

    static {
        TestHashing.lowerCost();
    }

    static final String PASSWORD = "correct horse battery staple";
    static final String USERNAME_RULE = "username must be 3 to 64 ASCII letters, digits, '_', '.' or '-'";
    static final String EMAIL_RULE = "email must be an ASCII email address like name@example.com of at most 254 characters";

    private static MockLoopDb db(DbTarget target) {
        return TestDatabase.fresh(target);
    }

    private static DSLContext dsl(MockLoopDb db) {
        return InternalAccess.dsl(db);
    }

    private static UserStore storeWith(MockLoopDb db, int iterations, MutableClock clock) {
        PasswordHasher hasher = TestHashing.at(iterations);
        return new JooqUserStore(InternalAccess.context(db), () -> hasher, clock);
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertNullRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                          String parameter) {
        assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(parameter);
    }

    private static void assertRefused(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(ValidationException.class).hasMessage(message);
    }

    // ------------------------------------------------------------------ users

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void creatingAUserStoresItActiveWithTheGivenFields(DbTarget target) {
        MockLoopDb db = db(target);
        Instant before = Instant.now().minusSeconds(1);

        User alice = db.users().create(NewUser.of("Alice").withEmail("alice@example.com").withPassword(PASSWORD)
                .withAdmin(true));

        assertThat(alice.id()).isPositive();
        assertThat(alice.username()).isEqualTo("Alice");
        assertThat(alice.email()).contains("alice@example.com");
        assertThat(alice.active()).isTrue();
        assertThat(alice.admin()).isTrue();
        assertThat(alice.hasPassword()).isTrue();
        assertThat(alice.hasApiKey()).isFalse();
        assertThat(alice.lastLogin()).isEmpty();
        assertThat(alice.createdAt()).isAfterOrEqualTo(before).isBeforeOrEqualTo(Instant.now().plusSeconds(1))
                .isEqualTo(alice.updatedAt());
        assertThat(db.users().get(alice.id())).isEqualTo(alice);
        assertThat(db.users().find(alice.id())).contains(alice);
        assertThat(db.users().findByUsername("alice")).contains(alice);
        assertThat(db.users().findByUsername("ALICE")).contains(alice);
        assertThat(db.users().findByEmail("Alice@Example.COM")).contains(alice);
        assertThat(db.users().getByUsername("aLiCe")).isEqualTo(alice);
        assertThat(db.users().getByEmail("alice@example.com")).isEqualTo(alice);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aUserMayHaveNeitherEmailNorPasswordAndIsNotAnAdminByDefault(DbTarget target) {
        MockLoopDb db = db(target);

        User bot = db.users().create(NewUser.of("ci-bot"));

        assertThat(bot.email()).isEmpty();
        assertThat(bot.hasPassword()).isFalse();
        assertThat(bot.admin()).isFalse();
        assertThat(dsl(db).select(USERS.PASSWORD_HASH).from(USERS).fetchSingle().value1()).isNull();
        assertThat(db.users().authenticate("ci-bot", PASSWORD)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void usernamesAndEmailsAreUniqueIgnoringCaseAndAClashWritesNothing(DbTarget target) {
        MockLoopDb db = db(target);
        db.users().create(NewUser.of("alice").withEmail("alice@example.com"));

        assertThatThrownBy(() -> db.users().create(NewUser.of("ALICE").withEmail("other@example.com")
                .withPassword(PASSWORD)))
                .isInstanceOf(ConflictException.class)
                .hasMessage("username 'ALICE' is already taken by user 'alice'");
        assertThatThrownBy(() -> db.users().create(NewUser.of("bob").withEmail("ALICE@example.com")
                .withPassword(PASSWORD)))
                .isInstanceOf(ConflictException.class)
                .hasMessage("email 'ALICE@example.com' is already used by user 'alice'");
        assertThat(db.users().count()).isEqualTo(1);
        assertThat(db.users().list()).extracting(User::username).containsExactly("alice");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void usernamesOutsideTheRuleAreRefusedNamingTheValue(DbTarget target) {
        MockLoopDb db = db(target);

        for (String bad : List.of("ab", "x".repeat(65), "a b", "café", "it's", "O\"Brien",
                "'; DROP TABLE users; --", "", "用户名", "tab\tname", "emoji🎉")) {
            assertThatThrownBy(() -> db.users().create(NewUser.of(bad)))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith(USERNAME_RULE + " (was '");
        }
        assertNullRefused(() -> db.users().create(NewUser.of(null)), "username");
        assertRefused(() -> db.users().create(NewUser.of("ab")), USERNAME_RULE + " (was 'ab')");
        assertThat(db.users().count()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void emailsOutsideTheRuleAreRefusedNamingTheValue(DbTarget target) {
        MockLoopDb db = db(target);
        String longest = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(58) + ".io";

        for (String bad : List.of("", "plain", "@example.com", "a@", "a@b", "a@@b.com", "a b@example.com",
                "a@exa mple.com", "josé@example.com", "a@bücher.de", "x'; DROP TABLE users; --@example.com",
                "a..b@example.com", ".a@example.com", "a@-example.com", "a\n@example.com",
                "a".repeat(65) + "@example.com", longest + "x")) {
            assertThatThrownBy(() -> db.users().create(NewUser.of("user1").withEmail(bad)))
                    .as(bad).isInstanceOf(ValidationException.class)
                    .hasMessageStartingWith(EMAIL_RULE + " (was '");
        }
        assertRefused(() -> db.users().create(NewUser.of("user1").withEmail("a@b")), EMAIL_RULE + " (was 'a@b')");
        assertThat(db.users().count()).isZero();

        assertThat(longest).hasSize(254);
        assertThat(db.users().create(NewUser.of("user1").withEmail(longest)).email()).contains(longest);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void oddButValidNamesAreStoredAndReturnedVerbatim(DbTarget target) {
        MockLoopDb db = db(target);
        List<String[]> odd = List.of(
                new String[] {"o.brien_-", "o'brien+tag@example.com"},
                new String[] {"x".repeat(64), "'or'1'='1@example.com"},
                new String[] {"...", "{drop}|table=users~@sub.example.co.uk"},
                new String[] {"Mixed.Case-01", "Mixed.Case@Example.ORG"});

        for (String[] o : odd) {
            User u = db.users().create(NewUser.of(o[0]).withEmail(o[1]));
            assertThat(u.username()).isEqualTo(o[0]);
            assertThat(u.email()).contains(o[1]);
            assertThat(db.users().findByUsername(o[0])).contains(u);
            assertThat(db.users().findByEmail(o[1])).contains(u);
        }
        assertThat(db.users().list()).extracting(User::username)
                .containsExactly("o.brien_-", "x".repeat(64), "...", "Mixed.Case-01");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void passwordsOutsideTheLengthRuleAreRefusedWithoutShowingThem(DbTarget target) {
        MockLoopDb db = db(target);
        String seven = "s3cr3t!";
        String tooLong = "p".repeat(1025);

        assertRefused(() -> db.users().create(NewUser.of("alice").withPassword(seven)),
                "password must be 8 to 1024 characters (was <hidden, 7 characters>)");
        assertRefused(() -> db.users().create(NewUser.of("alice").withPassword(tooLong)),
                "password must be 8 to 1024 characters (was <hidden, 1025 characters>)");
        assertThat(db.users().count()).isZero();

        User u = db.users().create(NewUser.of("alice").withPassword("p".repeat(1024)));
        assertRefused(() -> db.users().changePassword(u.id(), seven),
                "password must be 8 to 1024 characters (was <hidden, 7 characters>)");
        assertNullRefused(() -> db.users().changePassword(u.id(), null), "password");
        assertThat(db.users().authenticate("alice", "p".repeat(1024))).isPresent();

        // code points, not UTF-16 units: eight emoji are eight characters
        String emoji = "🔑🗝🔒🔓🎉🚀🌍💡";
        db.users().changePassword(u.id(), emoji);
        assertThat(db.users().authenticate("alice", emoji)).isPresent();
        assertThat(db.users().authenticate("alice", "p".repeat(1024))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void getThrowsAndFindReturnsEmptyForUnknownUsers(DbTarget target) {
        MockLoopDb db = db(target);

        assertThatThrownBy(() -> db.users().get(999)).isInstanceOf(NotFoundException.class)
                .hasMessage("user '999' not found");
        assertThat(db.users().find(999)).isEmpty();
        assertThat(db.users().findByUsername("nobody")).isEmpty();
        assertThat(db.users().findByUsername("'; DROP TABLE users; --")).isEmpty();
        assertThat(db.users().findByEmail("nobody@example.com")).isEmpty();
        assertThat(db.users().findByEmail("' OR '1'='1")).isEmpty();
        assertThat(db.users().list()).isEmpty();
        assertThatThrownBy(() -> db.users().getByUsername("nobody")).isInstanceOf(NotFoundException.class)
                .hasMessage("user 'nobody' not found");
        assertThatThrownBy(() -> db.users().getByEmail("nobody@example.com")).isInstanceOf(NotFoundException.class)
                .hasMessage("user with email 'nobody@example.com' not found");
        assertNullRefused(() -> db.users().findByUsername(null), "username");
        assertNullRefused(() -> db.users().findByEmail(null), "email");
        for (ThrowingCallable call : List.<ThrowingCallable>of(() -> db.users().activate(999),
                () -> db.users().deactivate(999), () -> db.users().setAdmin(999, true),
                () -> db.users().changePassword(999, PASSWORD), () -> db.users().clearPassword(999),
                () -> db.users().issueApiKey(999), () -> db.users().rotateApiKey(999),
                () -> db.users().revokeApiKey(999), () -> db.users().createSession(999, Duration.ofHours(1)))) {
            assertThatThrownBy(call).isInstanceOf(NotFoundException.class).hasMessage("user '999' not found");
        }
        assertThat(db.users().delete(999)).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void listIsOrderedByIdAndCountCountsEveryUser(DbTarget target) {
        MockLoopDb db = db(target);
        User c = db.users().create(NewUser.of("carol"));
        User a = db.users().create(NewUser.of("alice"));
        User b = db.users().create(NewUser.of("bob").withAdmin(true));

        assertThat(db.users().list()).containsExactly(c, a, b);
        assertThat(db.users().count()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void activateDeactivateAndSetAdminChangeTheFlagsAndUpdatedAt(DbTarget target) {
        MockLoopDb db = db(target);
        MutableClock clock = new MutableClock();
        UserStore users = storeWith(db, TestHashing.ITERATIONS, clock);
        User u = users.create(NewUser.of("alice").withPassword(PASSWORD));
        clock.advance(Duration.ofSeconds(5));

        User off = users.deactivate(u.id());
        assertThat(off.active()).isFalse();
        assertThat(off.updatedAt()).isEqualTo(u.updatedAt().plusSeconds(5));
        assertThat(off.createdAt()).isEqualTo(u.createdAt());
        assertThat(users.deactivate(u.id()).active()).isFalse();
        assertThat(users.authenticate("alice", PASSWORD)).isEmpty();

        assertThat(users.activate(u.id()).active()).isTrue();
        assertThat(users.authenticate("alice", PASSWORD)).isPresent();

        assertThat(users.setAdmin(u.id(), true).admin()).isTrue();
        assertThat(users.get(u.id()).admin()).isTrue();
        assertThat(users.setAdmin(u.id(), false).admin()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void deletingAUserDeletesTheirSessionsAndNobodyElses(DbTarget target) {
        MockLoopDb db = db(target);
        User a = db.users().create(NewUser.of("alice"));
        User b = db.users().create(NewUser.of("bob"));
        String tokenA = db.users().createSession(a.id(), Duration.ofHours(1)).token();
        String tokenB = db.users().createSession(b.id(), Duration.ofHours(1)).token();

        assertThat(db.users().delete(a.id())).isTrue();

        assertThat(db.users().find(a.id())).isEmpty();
        assertThat(dsl(db).fetchCount(USER_SESSIONS, USER_SESSIONS.USER_ID.eq(a.id()))).isZero();
        assertThat(db.users().validateSession(tokenA)).isEmpty();
        assertThat(db.users().validateSession(tokenB)).isPresent();
        assertThat(db.users().delete(a.id())).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void concurrentCreatesOfOneUsernameLeaveOneUserAndAConflictForTheRest(DbTarget target) throws Exception {
        MockLoopDb db = db(target);
        int threads = 4;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        var start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<String>> results = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        db.users().create(NewUser.of("racer").withEmail("racer" + n + "@example.com"));
                        return "created";
                    } catch (ConflictException e) {
                        assertThat(e.getMessage()).startsWith("username 'racer'");
                        return "conflict";
                    }
                }));
            }
            start.countDown();
            List<String> outcomes = new java.util.ArrayList<>();
            for (var f : results) {
                outcomes.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(outcomes).containsOnlyOnce("created").filteredOn("conflict"::equals).hasSize(threads - 1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(db.users().list()).extracting(User::username).containsExactly("racer");
    }

    // ------------------------------------------------------------------ passwords

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void passwordsAreStoredAsSaltedSelfDescribingPbkdf2Hashes(DbTarget target) {
        MockLoopDb db = db(target);
        db.users().create(NewUser.of("alice").withPassword(PASSWORD));
        db.users().create(NewUser.of("bob").withPassword(PASSWORD));

        List<String> hashes = dsl(db).select(USERS.PASSWORD_HASH).from(USERS).orderBy(USERS.ID).fetch(USERS.PASSWORD_HASH);

        assertThat(hashes).allSatisfy(h -> assertThat(h)
                .matches("pbkdf2-sha256\\$" + TestHashing.ITERATIONS + "\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}")
                .doesNotContain(PASSWORD));
        assertThat(hashes.get(0)).isNotEqualTo(hashes.get(1));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void theRightPasswordLogsInIgnoringUsernameCaseAndSetsLastLogin(DbTarget target) {
        MockLoopDb db = db(target);
        MutableClock clock = new MutableClock();
        UserStore users = storeWith(db, TestHashing.ITERATIONS, clock);
        User u = users.create(NewUser.of("Alice").withPassword(PASSWORD));
        clock.advance(Duration.ofMinutes(3));

        User in = users.authenticate("alice", PASSWORD).orElseThrow();

        assertThat(in.id()).isEqualTo(u.id());
        assertThat(in.lastLogin()).contains(clock.instant());
        assertThat(in.updatedAt()).isEqualTo(u.updatedAt());
        assertThat(users.get(u.id()).lastLogin()).contains(clock.instant());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void wrongPasswordsUnknownUsersPasswordlessAndInactiveUsersDoNotLogIn(DbTarget target) {
        MockLoopDb db = db(target);
        User alice = db.users().create(NewUser.of("alice").withPassword(PASSWORD));
        db.users().create(NewUser.of("nopass"));
        User off = db.users().create(NewUser.of("off").withPassword(PASSWORD));
        db.users().deactivate(off.id());

        assertThat(db.users().authenticate("alice", PASSWORD + "x")).isEmpty();
        assertThat(db.users().authenticate("alice", PASSWORD.toUpperCase())).isEmpty();
        assertThat(db.users().authenticate("alice", "")).isEmpty();
        assertThat(db.users().authenticate("alice", "p".repeat(5000))).isEmpty();
        assertThat(db.users().authenticate("nobody", PASSWORD)).isEmpty();
        assertThat(db.users().authenticate("'; DROP TABLE users; --", PASSWORD)).isEmpty();
        assertThat(db.users().authenticate("nopass", PASSWORD)).isEmpty();
        assertThat(db.users().authenticate("off", PASSWORD)).isEmpty();
        assertNullRefused(() -> db.users().authenticate(null, PASSWORD), "username");
        assertNullRefused(() -> db.users().authenticate("alice", null), "password");

        assertThat(db.users().get(alice.id()).lastLogin()).isEmpty();
        assertThat(db.users().get(off.id()).lastLogin()).isEmpty();
        assertThat(db.users().count()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void changingThePasswordRetiresTheOldOneAndClearingItStopsPasswordLogins(DbTarget target) {
        MockLoopDb db = db(target);
        User u = db.users().create(NewUser.of("alice").withPassword(PASSWORD));

        db.users().changePassword(u.id(), "an even better passphrase");

        assertThat(db.users().authenticate("alice", PASSWORD)).isEmpty();
        assertThat(db.users().authenticate("alice", "an even better passphrase")).isPresent();

        db.users().clearPassword(u.id());
        assertThat(db.users().get(u.id()).hasPassword()).isFalse();
        assertThat(db.users().authenticate("alice", "an even better passphrase")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aLoginWithOutdatedHashParametersRehashesAtTheCurrentCost(DbTarget target) {
        MockLoopDb db = db(target);
        MutableClock clock = new MutableClock();
        User u = storeWith(db, 1_000, clock).create(NewUser.of("alice").withPassword(PASSWORD));
        UserStore stronger = storeWith(db, 2_000, clock);

        assertThat(stronger.authenticate("alice", "wrong password")).isEmpty();
        assertThat(storedHash(db, u.id())).startsWith("pbkdf2-sha256$1000$");

        assertThat(stronger.authenticate("alice", PASSWORD)).isPresent();
        String rehashed = storedHash(db, u.id());
        assertThat(rehashed).startsWith("pbkdf2-sha256$2000$");

        assertThat(stronger.authenticate("alice", PASSWORD)).isPresent();
        assertThat(storedHash(db, u.id())).isEqualTo(rehashed);
        // a cheaper current cost never downgrades a stored hash
        assertThat(storeWith(db, 1_000, clock).authenticate("alice", PASSWORD)).isPresent();
        assertThat(storedHash(db, u.id())).isEqualTo(rehashed);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aStoredHashInAnUnknownFormatNeverMatches(DbTarget target) {
        MockLoopDb db = db(target);
        User u = db.users().create(NewUser.of("alice").withPassword(PASSWORD));

        for (String bad : List.of(PASSWORD, "md5$" + PASSWORD, "pbkdf2-sha256$99999999$AAAA$BBBB",
                "pbkdf2-sha256$1000$!!!$???", "pbkdf2-sha256$x$y$z")) {
            dsl(db).update(USERS).set(USERS.PASSWORD_HASH, bad).where(USERS.ID.eq(u.id())).execute();
            assertThat(db.users().authenticate("alice", PASSWORD)).as(bad).isEmpty();
        }
    }

    private static String storedHash(MockLoopDb db, long id) {
        return dsl(db).select(USERS.PASSWORD_HASH).from(USERS).where(USERS.ID.eq(id)).fetchSingle().value1();
    }

    // ------------------------------------------------------------------ API keys

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void anIssuedApiKeyAuthenticatesItsUserAndOnlyItsSha256IsStored(DbTarget target) throws Exception {
        MockLoopDb db = db(target);
        User u = db.users().create(NewUser.of("alice"));

        String key = db.users().issueApiKey(u.id());

        assertThat(key).matches("mlk_[A-Za-z0-9_-]{43}");
        String stored = dsl(db).select(USERS.API_KEY).from(USERS).fetchSingle().value1();
        assertThat(stored).isEqualTo(sha256(key)).matches("[0-9a-f]{64}");
        assertThat(db.users().authenticateApiKey(key)).map(User::id).contains(u.id());
        assertThat(db.users().get(u.id()).hasApiKey()).isTrue();
        assertThat(db.users().issueApiKey(db.users().create(NewUser.of("bob")).id())).isNotEqualTo(key);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aSecondIssueIsAConflictRotateReplacesTheKeyAndRevokeRemovesIt(DbTarget target) {
        MockLoopDb db = db(target);
        User u = db.users().create(NewUser.of("alice"));
        String first = db.users().issueApiKey(u.id());

        assertThatThrownBy(() -> db.users().issueApiKey(u.id())).isInstanceOf(ConflictException.class)
                .hasMessage("user 'alice' already has an API key; rotate or revoke it first");
        assertThat(db.users().authenticateApiKey(first)).isPresent();

        String second = db.users().rotateApiKey(u.id());
        assertThat(second).isNotEqualTo(first);
        assertThat(db.users().authenticateApiKey(first)).isEmpty();
        assertThat(db.users().authenticateApiKey(second)).isPresent();

        assertThat(db.users().revokeApiKey(u.id())).isTrue();
        assertThat(db.users().revokeApiKey(u.id())).isFalse();
        assertThat(db.users().authenticateApiKey(second)).isEmpty();
        assertThat(db.users().get(u.id()).hasApiKey()).isFalse();

        String third = db.users().rotateApiKey(u.id());
        assertThat(db.users().authenticateApiKey(third)).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void apiKeysOfInactiveUsersAndMalformedKeysAuthenticateNobody(DbTarget target) throws Exception {
        MockLoopDb db = db(target);
        User u = db.users().create(NewUser.of("alice"));
        String key = db.users().issueApiKey(u.id());
        db.users().deactivate(u.id());

        assertThat(db.users().authenticateApiKey(key)).isEmpty();
        db.users().activate(u.id());
        assertThat(db.users().authenticateApiKey(key)).isPresent();

        String stored = sha256(key);
        for (String bad : List.of("", "mlk_", key.substring(4), key + "x", key.toUpperCase(), stored,
                "mlk_" + "A".repeat(43), "' OR '1'='1", "mlk_'; DROP TABLE users; --" + "x".repeat(16))) {
            assertThat(db.users().authenticateApiKey(bad)).as(bad).isEmpty();
        }
        assertNullRefused(() -> db.users().authenticateApiKey(null), "apiKey");
    }

    // ------------------------------------------------------------------ sessions

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aCreatedSessionValidatesAndOnlyTheTokensSha256IsStored(DbTarget target) throws Exception {
        MockLoopDb db = db(target);
        MutableClock clock = new MutableClock();
        UserStore users = storeWith(db, TestHashing.ITERATIONS, clock);
        User u = users.create(NewUser.of("alice"));

        IssuedSession issued = users.createSession(u.id(), Duration.ofHours(2), "2001:db8::1", "Mozilla/5.0 (X11)");

        assertThat(issued.token()).matches("[A-Za-z0-9_-]{43}");
        Session s = issued.session();
        assertThat(s.id()).isEqualTo(sha256(issued.token()));
        assertThat(s.userId()).isEqualTo(u.id());
        assertThat(s.createdAt()).isEqualTo(clock.instant()).isEqualTo(s.lastAccessed());
        assertThat(s.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));
        assertThat(s.ipAddress()).contains("2001:db8::1");
        assertThat(s.userAgent()).contains("Mozilla/5.0 (X11)");
        assertThat(dsl(db).select(USER_SESSIONS.ID).from(USER_SESSIONS).fetchSingle().value1()).isEqualTo(s.id());
        assertThat(users.validateSession(issued.token())).contains(s);
        assertThat(users.listSessions(u.id())).containsExactly(s);
        assertThat(users.listSessions(999)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void sessionsExpireAndPurgeDeletesOnlyExpiredOnes(DbTarget target) {
        MockLoopDb db = db(target);
        MutableClock clock = new MutableClock();
        UserStore users = storeWith(db, TestHashing.ITERATIONS, clock);
        User u = users.create(NewUser.of("alice"));
        String shortLived = users.createSession(u.id(), Duration.ofMinutes(10)).token();
        String longLived = users.createSession(u.id(), Duration.ofDays(30)).token();

        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(users.validateSession(shortLived)).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(users.validateSession(shortLived)).isEmpty();
        assertThat(users.listSessions(u.id())).as("at %s", clock.instant()).hasSize(2)
                .filteredOn(s -> s.isExpiredAt(clock.instant())).hasSize(1);

        assertThat(users.purgeExpiredSessions()).isEqualTo(1);
        assertThat(users.purgeExpiredSessions()).isZero();
        assertThat(users.listSessions(u.id())).hasSize(1);
        assertThat(users.validateSession(longLived)).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void timestampsWithFewMillisecondsReadBackExactly(DbTarget target) {
        MockLoopDb db = db(target);
        // .083 once came back as .830 on MariaDB Connector/J (its getString drops the leading zero)
        MutableClock clock = new MutableClock(Instant.parse("2026-03-08T07:30:00.083Z"));
        UserStore users = storeWith(db, TestHashing.ITERATIONS, clock);
        User u = users.create(NewUser.of("alice").withPassword(PASSWORD));
        Session s = users.createSession(u.id(), Duration.ofMillis(1_000_007)).session();

        assertThat(users.get(u.id()).createdAt()).isEqualTo(Instant.parse("2026-03-08T07:30:00.083Z"));
        assertThat(users.listSessions(u.id())).containsExactly(s);
        assertThat(s.expiresAt()).isEqualTo(Instant.parse("2026-03-08T07:46:40.090Z"));
        clock.advance(Duration.ofMillis(917));
        assertThat(users.authenticate("alice", PASSWORD).orElseThrow().lastLogin())
                .contains(Instant.parse("2026-03-08T07:30:01Z"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void validatingMovesLastAccessedAtMostOnceAMinute(DbTarget target) {
        MockLoopDb db = db(target);
        MutableClock clock = new MutableClock();
        UserStore users = storeWith(db, TestHashing.ITERATIONS, clock);
        User u = users.create(NewUser.of("alice"));
        IssuedSession issued = users.createSession(u.id(), Duration.ofHours(1));
        Instant created = clock.instant();

        clock.advance(Duration.ofSeconds(59));
        assertThat(users.validateSession(issued.token()).orElseThrow().lastAccessed()).isEqualTo(created);
        assertThat(storedLastAccessed(db)).isEqualTo(created);

        clock.advance(Duration.ofSeconds(1));
        Instant touched = clock.instant();
        assertThat(users.validateSession(issued.token()).orElseThrow().lastAccessed()).isEqualTo(touched);
        assertThat(storedLastAccessed(db)).isEqualTo(touched);

        clock.advance(Duration.ofSeconds(30));
        assertThat(users.validateSession(issued.token()).orElseThrow().lastAccessed()).isEqualTo(touched);
        assertThat(storedLastAccessed(db)).isEqualTo(touched);
    }

    private static Instant storedLastAccessed(MockLoopDb db) {
        return dsl(db).select(USER_SESSIONS.LAST_ACCESSED).from(USER_SESSIONS).fetchSingle().value1();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void sessionsOfInactiveUsersDoNotValidateAndInactiveUsersGetNoNewOnes(DbTarget target) {
        MockLoopDb db = db(target);
        User u = db.users().create(NewUser.of("alice"));
        String token = db.users().createSession(u.id(), Duration.ofHours(1)).token();

        db.users().deactivate(u.id());

        assertThat(db.users().validateSession(token)).isEmpty();
        assertThatThrownBy(() -> db.users().createSession(u.id(), Duration.ofHours(1)))
                .isInstanceOf(ConflictException.class)
                .hasMessage("user 'alice' is inactive and cannot get a session");
        db.users().activate(u.id());
        assertThat(db.users().validateSession(token)).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void revokingEndsOneSessionOrAllOfAUsersSessions(DbTarget target) {
        MockLoopDb db = db(target);
        User a = db.users().create(NewUser.of("alice"));
        User b = db.users().create(NewUser.of("bob"));
        String a1 = db.users().createSession(a.id(), Duration.ofHours(1)).token();
        String a2 = db.users().createSession(a.id(), Duration.ofHours(1)).token();
        String a3 = db.users().createSession(a.id(), Duration.ofHours(1)).token();
        String b1 = db.users().createSession(b.id(), Duration.ofHours(1)).token();

        assertThat(db.users().revokeSession(a1)).isTrue();
        assertThat(db.users().revokeSession(a1)).isFalse();
        assertThat(db.users().revokeSession("not a token")).isFalse();
        assertThat(db.users().validateSession(a1)).isEmpty();
        assertThat(db.users().validateSession(a2)).isPresent();

        assertThat(db.users().revokeAllSessions(a.id())).isEqualTo(2);
        assertThat(db.users().revokeAllSessions(a.id())).isZero();
        assertThat(db.users().validateSession(a3)).isEmpty();
        assertThat(db.users().validateSession(b1)).isPresent();
        assertNullRefused(() -> db.users().revokeSession(null), "token");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void malformedOrUnknownTokensValidateNothing(DbTarget target) throws Exception {
        MockLoopDb db = db(target);
        User u = db.users().create(NewUser.of("alice"));
        IssuedSession issued = db.users().createSession(u.id(), Duration.ofHours(1));

        for (String bad : List.of("", issued.session().id(), issued.token() + "=", issued.token().substring(1),
                "A".repeat(43), "' OR '1'='1", "'; DROP TABLE user_sessions; --" + "x".repeat(12))) {
            assertThat(db.users().validateSession(bad)).as(bad).isEmpty();
        }
        assertNullRefused(() -> db.users().validateSession(null), "token");
        assertThat(db.users().validateSession(issued.token())).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void sessionArgumentsAreValidatedAndOddUserAgentsAreStoredVerbatim(DbTarget target) {
        MockLoopDb db = db(target);
        long id = db.users().create(NewUser.of("alice")).id();

        assertNullRefused(() -> db.users().createSession(id, null), "ttl");
        assertNullRefused(() -> db.users().createSession(id, Duration.ofHours(1), null, "agent"), "ipAddress");
        assertNullRefused(() -> db.users().createSession(id, Duration.ofHours(1), "10.0.0.1", null), "userAgent");
        assertNullRefused(() -> db.users().create(null), "user");
        assertNullRefused(() -> NewUser.of("alice").withEmail(null), "email");
        assertNullRefused(() -> NewUser.of("alice").withPassword(null), "password");
        assertThat(NewUser.of("alice").withPassword("secret-password").toString()).doesNotContain("secret-password");
        assertRefused(() -> db.users().createSession(id, Duration.ofMillis(999)),
                "ttl must be between 1 second and 366 days (was PT0.999S)");
        assertRefused(() -> db.users().createSession(id, Duration.ofDays(367)),
                "ttl must be between 1 second and 366 days (was PT8808H)");
        assertRefused(() -> db.users().createSession(id, Duration.ofHours(1), "'; DROP TABLE users; --", "agent"),
                "ipAddress must be an IPv4 or IPv6 address of at most 45 characters (was '; DROP TABLE users; --')"
                        .replace("(was '", "(was ''"));
        assertRefused(() -> db.users().createSession(id, Duration.ofHours(1), "1".repeat(46), "agent"),
                "ipAddress must be an IPv4 or IPv6 address of at most 45 characters (was '" + "1".repeat(46) + "')");
        assertRefused(() -> db.users().createSession(id, Duration.ofHours(1), "10.0.0.1", "u".repeat(16_384)),
                "userAgent must be at most 16383 characters (was '" + "u".repeat(120) + "'... (16384 characters))");
        assertRefused(() -> db.users().createSession(id, Duration.ofHours(1), "10.0.0.1", "a\0b"),
                "userAgent must not contain NUL characters (was 'a\\u0000b')");
        assertThat(db.users().listSessions(id)).isEmpty();

        for (String agent : ConfigOddValues.VALUES) {
            IssuedSession s = db.users().createSession(id, Duration.ofHours(1), "203.0.113.7", agent);
            assertThat(db.users().validateSession(s.token()).orElseThrow().userAgent()).contains(agent);
        }
        assertThat(db.users().createSession(id, Duration.ofDays(366), "::ffff:192.0.2.128", "agent").session()
                .ipAddress()).contains("::ffff:192.0.2.128");
    }

    // ------------------------------------------------------------------ records and transactions

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void toStringOfEveryRecordShowsNoSecret(DbTarget target) {
        MockLoopDb db = db(target);
        User u = db.users().create(NewUser.of("alice").withEmail("alice@example.com").withPassword(PASSWORD));
        String key = db.users().issueApiKey(u.id());
        IssuedSession issued = db.users().createSession(u.id(), Duration.ofHours(1));
        String hash = storedHash(db, u.id());

        String shown = db.users().get(u.id()) + " " + issued + " " + issued.session() + " "
                + db.users().listSessions(u.id());

        assertThat(shown).contains("alice", "token=<hidden>")
                .doesNotContain(PASSWORD, key, key.substring(4), issued.token(), issued.session().id(), hash,
                        hash.substring(hash.lastIndexOf('$') + 1));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void callsJoinTheCallersTransactionAndRollBackWithIt(DbTarget target) {
        MockLoopDb db = db(target);
        User kept = db.users().create(NewUser.of("kept"));

        assertThatThrownBy(() -> db.useTransaction(tx -> {
            User u = tx.users().create(NewUser.of("alice").withPassword(PASSWORD));
            tx.users().issueApiKey(u.id());
            tx.users().createSession(kept.id(), Duration.ofHours(1));
            tx.users().setAdmin(kept.id(), true);
            assertThat(tx.users().count()).isEqualTo(2);
            throw new IllegalStateException("boom");
        })).hasMessageContaining("boom");

        assertThat(db.users().list()).containsExactly(kept);
        assertThat(db.users().listSessions(kept.id())).isEmpty();

        String key = db.inTransaction(tx -> tx.users().issueApiKey(kept.id()));
        assertThat(db.users().authenticateApiKey(key)).isPresent();
    }
}
