package io.mockloop.db.internal.user;

import io.mockloop.db.ConfigurationException;
import io.mockloop.db.user.UserStore;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PBKDF2-HMAC-SHA256 password hashes in the self-describing form
 * {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>}. Immutable and thread-safe.
 */
public final class PasswordHasher {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordHasher.class);
    static final String SCHEME = "pbkdf2-sha256";
    static final int SALT_BYTES = 16;
    static final int HASH_BYTES = 32;
    /** The lowest count the test setting accepts. */
    public static final int MIN_ITERATIONS = 1_000;
    /** The highest count accepted, from the setting or from a stored hash (a tampered hash must not stall logins). */
    public static final int MAX_ITERATIONS = 10_000_000;
    private static final Set<Integer> WARNED = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile PasswordHasher cached;

    /** What checking a password found. */
    public enum Result {
        /** Wrong password, or an unreadable stored hash. */
        NO_MATCH,
        /** Right password, stored at the current cost. */
        MATCH,
        /** Right password, stored below the current cost or with another scheme: re-hash it. */
        MATCH_NEEDS_REHASH
    }

    private final int iterations;
    private final byte[] dummySalt = new byte[SALT_BYTES];
    private final byte[] dummyHash = new byte[HASH_BYTES];

    /**
     * @param iterations PBKDF2 iterations for new hashes, {@value #MIN_ITERATIONS} to {@value #MAX_ITERATIONS}
     * @throws ConfigurationException when outside that range
     */
    public PasswordHasher(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new ConfigurationException(UserStore.HASH_ITERATIONS_PROPERTY, UserStore.HASH_ITERATIONS_PROPERTY
                    + " must be between " + MIN_ITERATIONS + " and " + MAX_ITERATIONS + " (was " + iterations + ")");
        }
        this.iterations = iterations;
        RANDOM.nextBytes(dummySalt);
        RANDOM.nextBytes(dummyHash);
        if (iterations < UserStore.PRODUCTION_HASH_ITERATIONS && WARNED.add(iterations)) {
            LOG.warn("{} is {}: password hashes use fewer PBKDF2 iterations than the production cost of {}; "
                    + "this setting is meant for tests only", UserStore.HASH_ITERATIONS_PROPERTY, iterations,
                    UserStore.PRODUCTION_HASH_ITERATIONS);
        }
    }

    /**
     * The hasher for the current value of {@link UserStore#HASH_ITERATIONS_PROPERTY} (production cost when unset).
     *
     * @return the hasher
     * @throws ConfigurationException when the property is not a number in range
     */
    public static PasswordHasher current() {
        String raw = System.getProperty(UserStore.HASH_ITERATIONS_PROPERTY);
        int wanted;
        if (raw == null || raw.isBlank()) {
            wanted = UserStore.PRODUCTION_HASH_ITERATIONS;
        } else {
            try {
                wanted = Integer.parseInt(raw.trim());
            } catch (NumberFormatException e) {
                throw new ConfigurationException(UserStore.HASH_ITERATIONS_PROPERTY, UserStore.HASH_ITERATIONS_PROPERTY
                        + " must be a whole number between " + MIN_ITERATIONS + " and " + MAX_ITERATIONS
                        + " (was '" + raw + "')");
            }
        }
        PasswordHasher h = cached;
        if (h == null || h.iterations != wanted) {
            h = new PasswordHasher(wanted);
            cached = h;
        }
        return h;
    }

    /** @return the iteration count of new hashes */
    public int iterations() {
        return iterations;
    }

    /**
     * @param password the password
     * @return its self-describing hash with a fresh random salt
     */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        char[] chars = password.toCharArray();
        try {
            byte[] hash = pbkdf2(chars, salt, iterations);
            Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
            return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    /**
     * Checks a password against a stored hash, in time that does not depend on where they differ.
     *
     * @param password the password as typed
     * @param stored the stored hash; {@code null} (no password set) runs a dummy check and never matches
     * @return what was found
     */
    public Result verify(String password, String stored) {
        if (stored == null) {
            dummyVerify(password);
            return Result.NO_MATCH;
        }
        String[] parts = stored.split("\\$", -1);
        int storedIterations;
        byte[] salt;
        byte[] expected;
        try {
            if (parts.length != 4 || !SCHEME.equals(parts[0])) {
                throw new IllegalArgumentException("scheme");
            }
            storedIterations = Integer.parseInt(parts[1]);
            if (storedIterations < 1 || storedIterations > MAX_ITERATIONS) {
                throw new IllegalArgumentException("iterations");
            }
            salt = Base64.getDecoder().decode(parts[2]);
            expected = Base64.getDecoder().decode(parts[3]);
            if (salt.length < 8 || expected.length != HASH_BYTES) {
                throw new IllegalArgumentException("length");
            }
        } catch (IllegalArgumentException e) {
            // never log the stored value itself
            LOG.warn("a stored password hash is not in the {} format; the login is refused", SCHEME);
            dummyVerify(password);
            return Result.NO_MATCH;
        }
        char[] chars = password.toCharArray();
        try {
            byte[] actual = pbkdf2(chars, salt, storedIterations);
            if (!MessageDigest.isEqual(actual, expected)) {
                return Result.NO_MATCH;
            }
        } finally {
            Arrays.fill(chars, '\0');
        }
        return storedIterations < iterations ? Result.MATCH_NEEDS_REHASH : Result.MATCH;
    }

    /**
     * Spends as long as checking a real password, for unknown users.
     *
     * @param password the password as typed
     */
    public void dummyVerify(String password) {
        char[] chars = password.toCharArray();
        try {
            MessageDigest.isEqual(pbkdf2(chars, dummySalt, iterations), dummyHash);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        KeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BYTES * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            ((PBEKeySpec) spec).clearPassword();
        }
    }

    @Override
    public String toString() {
        return "PasswordHasher[" + SCHEME + ", " + iterations + " iterations]";
    }
}
