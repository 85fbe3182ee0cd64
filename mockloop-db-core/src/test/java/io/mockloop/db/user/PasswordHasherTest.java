package io.mockloop.db.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.ConfigurationException;
import io.mockloop.db.internal.user.PasswordHasher;
import io.mockloop.db.internal.user.PasswordHasher.Result;
import org.junit.jupiter.api.Test;

/** The password hash format, its cost setting and verification (no database involved). */
class PasswordHasherTest {

    static {
        TestHashing.lowerCost();
    }

    @Test
    void theProductionCostIsSixHundredThousandIterationsOfPbkdf2Sha256() {
        assertThat(UserStore.PRODUCTION_HASH_ITERATIONS).isEqualTo(600_000);
        PasswordHasher production = new PasswordHasher(UserStore.PRODUCTION_HASH_ITERATIONS);

        String hash = production.hash("correct horse battery staple");

        assertThat(hash).matches("pbkdf2-sha256\\$600000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(production.verify("correct horse battery staple", hash)).isEqualTo(Result.MATCH);
    }

    @Test
    void withoutTheTestSettingTheCurrentHasherUsesTheProductionCost() {
        String saved = System.getProperty(UserStore.HASH_ITERATIONS_PROPERTY);
        try {
            System.clearProperty(UserStore.HASH_ITERATIONS_PROPERTY);
            assertThat(PasswordHasher.current().iterations()).isEqualTo(600_000);
            System.setProperty(UserStore.HASH_ITERATIONS_PROPERTY, "2500");
            assertThat(PasswordHasher.current().iterations()).isEqualTo(2500);
        } finally {
            System.setProperty(UserStore.HASH_ITERATIONS_PROPERTY, saved);
        }
        assertThat(PasswordHasher.current().iterations()).isEqualTo(TestHashing.ITERATIONS);
    }

    @Test
    void theTestSettingRefusesCostsOutsideItsRange() {
        String saved = System.getProperty(UserStore.HASH_ITERATIONS_PROPERTY);
        try {
            System.setProperty(UserStore.HASH_ITERATIONS_PROPERTY, "999");
            assertThatThrownBy(PasswordHasher::current).isInstanceOf(ConfigurationException.class)
                    .hasMessage("mockloop.db.passwordHashIterations must be between 1000 and 10000000 (was 999)");
            System.setProperty(UserStore.HASH_ITERATIONS_PROPERTY, "fast");
            assertThatThrownBy(PasswordHasher::current).isInstanceOf(ConfigurationException.class)
                    .hasMessage("mockloop.db.passwordHashIterations must be a whole number between 1000 and 10000000"
                            + " (was 'fast')");
        } finally {
            System.setProperty(UserStore.HASH_ITERATIONS_PROPERTY, saved);
        }
    }

    @Test
    void verificationReportsMatchesAndHashesBelowTheCurrentCost() {
        PasswordHasher cheap = new PasswordHasher(1_000);
        PasswordHasher dearer = new PasswordHasher(3_000);
        String hash = cheap.hash("pässwörd-🔑");

        assertThat(cheap.verify("pässwörd-🔑", hash)).isEqualTo(Result.MATCH);
        assertThat(dearer.verify("pässwörd-🔑", hash)).isEqualTo(Result.MATCH_NEEDS_REHASH);
        assertThat(cheap.verify("passwörd-🔑", hash)).isEqualTo(Result.NO_MATCH);
        assertThat(cheap.verify("pässwörd-🔑", null)).isEqualTo(Result.NO_MATCH);
        assertThat(cheap.verify("pässwörd-🔑", hash.replace("$1000$", "$1001$"))).isEqualTo(Result.NO_MATCH);
        assertThat(cheap.verify("pässwörd-🔑", hash.replace("$1000$", "$2147483647$"))).isEqualTo(Result.NO_MATCH);
        assertThat(cheap.hash("pässwörd-🔑")).isNotEqualTo(hash);
        assertThat(cheap.toString()).isEqualTo("PasswordHasher[pbkdf2-sha256, 1000 iterations]");
    }
}
