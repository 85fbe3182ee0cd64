package io.mockloop.db.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.user.JooqUserStore;
import io.mockloop.db.internal.user.PasswordHasher;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import io.mockloop.db.testing.TestSupport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Performs every {@link UserStore} operation with known secrets, then reads every text column of every table:
 * no password, API key or session token may appear anywhere, in any case, nor in what was logged meanwhile.
 */
class CredentialsAtRestTest {

    static {
        TestHashing.lowerCost();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void noPasswordApiKeyOrSessionTokenIsStoredOrLoggedAfterEveryOperation(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        List<String> secrets = new ArrayList<>();
        PrintStream savedErr = System.err;
        PrintStream savedOut = System.out;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(logged, true, StandardCharsets.UTF_8);
        System.setErr(capture);
        System.setOut(capture);
        try {
            UserStore users = db.users();
            String p1 = "first-Password-1";
            String p2 = "second 'quoted'; DROP TABLE users; --";
            String p3 = "third pässwörd 🔑 long enough";
            String p4 = "never-accepted wrong password";
            String p5 = "short";
            secrets.addAll(List.of(p1, p2, p3, p4));

            User alice = users.create(NewUser.of("alice").withEmail("alice@example.com").withPassword(p1)
                    .withAdmin(true));
            User bob = users.create(NewUser.of("bob"));
            assertThatThrownBy(() -> users.create(NewUser.of("carol")
                    .withPassword(p5))).isInstanceOf(ValidationException.class)
                    .hasMessageNotContaining(p5);
            assertThat(users.authenticate("alice", p1)).isPresent();
            assertThat(users.authenticate("alice", p4)).isEmpty();
            assertThat(users.authenticate("nobody", p4)).isEmpty();
            users.changePassword(alice.id(), p2);
            users.changePassword(bob.id(), p3);
            assertThat(users.authenticate("bob", p3)).isPresent();
            // a login at a higher cost re-hashes
            PasswordHasher dearer = new PasswordHasher(TestHashing.ITERATIONS * 2);
            assertThat(new JooqUserStore(InternalAccess.context(db), () -> dearer, Clock.systemUTC())
                    .authenticate("alice", p2)).isPresent();

            String k1 = users.issueApiKey(alice.id());
            String k2 = users.rotateApiKey(alice.id());
            String k3 = users.issueApiKey(bob.id());
            secrets.addAll(List.of(k1, k2, k3));
            assertThat(users.authenticateApiKey(k2)).isPresent();
            assertThat(users.authenticateApiKey(k1)).isEmpty();
            assertThat(users.revokeApiKey(bob.id())).isTrue();
            String k4 = users.rotateApiKey(bob.id());
            secrets.add(k4);

            IssuedSession s1 = users.createSession(alice.id(), Duration.ofHours(1), "192.0.2.1", "agent/1.0");
            IssuedSession s2 = users.createSession(alice.id(), Duration.ofSeconds(1));
            IssuedSession s3 = users.createSession(bob.id(), Duration.ofDays(1), "::1", p2.substring(0, 3));
            IssuedSession s4 = users.createSession(bob.id(), Duration.ofDays(1));
            secrets.addAll(List.of(s1.token(), s2.token(), s3.token(), s4.token()));
            assertThat(users.validateSession(s1.token())).isPresent();
            assertThat(users.revokeSession(s4.token())).isTrue();
            users.purgeExpiredSessions();
            users.setAdmin(bob.id(), true);
            users.deactivate(bob.id());
            users.activate(bob.id());
            users.list();
            users.listSessions(alice.id());
            db.config().set("note", "nothing secret here");
            users.delete(users.create(NewUser.of("dave").withPassword("dave's password 1")).id());
            secrets.add("dave's password 1");
        } finally {
            System.setErr(savedErr);
            System.setOut(savedOut);
        }

        List<String> stored = everyTextValue(db);
        assertThat(stored).as("text values read back").isNotEmpty();
        String all = String.join("\n", stored) + "\n" + logged.toString(StandardCharsets.UTF_8);
        String allLower = all.toLowerCase(Locale.ROOT);
        for (String secret : secrets) {
            String body = secret.startsWith("mlk_") ? secret.substring(4) : secret;
            assertThat(all).as("a secret").doesNotContain(secret).doesNotContain(body);
            assertThat(allLower).as("a secret, ignoring case").doesNotContain(body.toLowerCase(Locale.ROOT));
        }
    }

    /** Every non-null character column value of every mockloop table. */
    private static List<String> everyTextValue(MockLoopDb db) {
        var dsl = InternalAccess.dsl(db);
        List<String> values = new ArrayList<>();
        List<String> tables = new ArrayList<>(TestSupport.TABLES_CHILDREN_FIRST);
        tables.add("schema_version");
        for (String table : tables) {
            for (Record r : dsl.selectFrom(DSL.table(DSL.name(table))).fetch()) {
                for (int i = 0; i < r.size(); i++) {
                    Object v = r.get(i);
                    if (v instanceof String s) {
                        values.add(s);
                    } else if (v != null && !(v instanceof Number) && !(v instanceof Boolean)) {
                        values.add(String.valueOf(v));
                    }
                }
            }
        }
        return values;
    }
}
