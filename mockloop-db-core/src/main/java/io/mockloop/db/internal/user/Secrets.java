package io.mockloop.db.internal.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random tokens and their SHA-256 digests. Stateless and thread-safe. */
final class Secrets {

    /** Prefix of every API key, so leaked keys are recognisable (for example by secret scanners). */
    static final String API_KEY_PREFIX = "mlk_";
    static final int RANDOM_BYTES = 32;
    /** Length of 32 bytes in URL-safe base64 without padding. */
    static final int TOKEN_CHARS = 43;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** @return 32 random bytes, URL-safe base64 without padding */
    static String newToken() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** @return a new API key: the prefix and a token */
    static String newApiKey() {
        return API_KEY_PREFIX + newToken();
    }

    /** @return whether {@code s} has the shape of {@link #newToken()} */
    static boolean isToken(String s) {
        if (s.length() != TOKEN_CHARS) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** @return whether {@code s} has the shape of {@link #newApiKey()} */
    static boolean isApiKey(String s) {
        return s.startsWith(API_KEY_PREFIX) && isToken(s.substring(API_KEY_PREFIX.length()));
    }

    /** @return the SHA-256 of the UTF-8 bytes of {@code s}, as 64 lower-case hex digits */
    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }
}
