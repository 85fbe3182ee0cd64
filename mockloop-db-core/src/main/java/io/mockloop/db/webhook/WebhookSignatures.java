package io.mockloop.db.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook deliveries and verifies signatures. Stateless and thread-safe.
 *
 * <h2>The scheme (for receivers)</h2>
 * A delivery to a webhook with a secret carries the header
 * <pre>X-Signature: t=&lt;unix seconds&gt;,v1=&lt;signature&gt;</pre>
 * where {@code <signature>} is the lower-case hex HMAC-SHA256, keyed with the secret's UTF-8 bytes, of the UTF-8
 * bytes of {@code t + "." + body} ({@code t} as the decimal digits sent, {@code body} the exact request body). To
 * verify: split the header on {@code ,}, take {@code t} and every {@code v1} (more than one may be sent while a
 * secret is rotated), recompute the HMAC, compare in constant time, and refuse the request when {@code t} is
 * further than your tolerance (we suggest 5 minutes) from your clock, which defeats replays. Receivers in Java can
 * call {@link #verify(String, String, String, Instant, Duration)}.
 */
public final class WebhookSignatures {

    /** The header carrying the signature. */
    public static final String HEADER = "X-Signature";
    /** The default verification tolerance: 5 minutes. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignatures() {
    }

    /**
     * @return a new secret: 32 random bytes from {@link SecureRandom}, URL-safe Base64 without padding (43
     *         characters)
     */
    public static String generateSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * @param secret the webhook's secret
     * @param body the exact request body
     * @param at the signing time (seconds are used)
     * @return the value of the {@value #HEADER} header: {@code t=<unix seconds>,v1=<hex>}
     */
    public static String sign(String secret, String body, Instant at) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + hmacHex(secret, t + "." + body);
    }

    /**
     * Verifies a signature header with the {@linkplain #DEFAULT_TOLERANCE default tolerance}.
     *
     * @param secret the webhook's secret
     * @param body the exact request body received
     * @param header the {@value #HEADER} header received, may be {@code null}
     * @param now the receiver's clock
     * @return whether the header is well formed, within 5 minutes of {@code now}, and carries a matching
     *         {@code v1}
     */
    public static boolean verify(String secret, String body, String header, Instant now) {
        return verify(secret, body, header, now, DEFAULT_TOLERANCE);
    }

    /**
     * Verifies a signature header: well formed, {@code t} within {@code tolerance} of {@code now}, and a {@code v1}
     * equal (compared in constant time) to the HMAC of {@code t + "." + body}.
     *
     * @param secret the webhook's secret
     * @param body the exact request body received
     * @param header the {@value #HEADER} header received, may be {@code null}
     * @param now the receiver's clock
     * @param tolerance how far {@code t} may be from {@code now}, either way
     * @return whether the signature is valid; never throws for a malformed header
     */
    public static boolean verify(String secret, String body, String header, Instant now, Duration tolerance) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(tolerance, "tolerance");
        if (header == null) {
            return false;
        }
        String t = null;
        java.util.List<String> sigs = new java.util.ArrayList<>();
        for (String part : header.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return false;
            }
            String k = part.substring(0, eq).trim();
            String v = part.substring(eq + 1).trim();
            if (k.equals("t")) {
                t = v;
            } else if (k.equals("v1")) {
                sigs.add(v);
            }
        }
        if (t == null || sigs.isEmpty() || !t.matches("\\d{1,18}")) {
            return false;
        }
        long ts = Long.parseLong(t);
        if (Math.abs(now.getEpochSecond() - ts) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = hmacHex(secret, t + "." + body).getBytes(StandardCharsets.US_ASCII);
        boolean ok = false;
        for (String s : sigs) {
            ok |= MessageDigest.isEqual(expected, s.getBytes(StandardCharsets.US_ASCII));
        }
        return ok;
    }

    private static String hmacHex(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
