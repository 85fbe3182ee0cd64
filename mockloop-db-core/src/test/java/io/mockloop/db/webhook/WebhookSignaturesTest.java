package io.mockloop.db.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The signature scheme as documented for receivers, and the retry policy's arithmetic (no database needed). */
class WebhookSignaturesTest {

    private static final String SECRET = "whsec-0123456789abcdef";
    private static final Instant AT = Instant.parse("2026-03-08T07:30:00Z");

    @Test
    void theHeaderIsTheHexHmacOfTimestampDotBody() throws Exception {
        String body = "{\"event\":\"scenario.changed\",\"name\":\"é\"}";
        String header = WebhookSignatures.sign(SECRET, body, AT);

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((AT.getEpochSecond() + "." + body)
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(header).isEqualTo("t=" + AT.getEpochSecond() + ",v1=" + expected);
        assertThat(WebhookSignatures.verify(SECRET, body, header, AT)).isTrue();
    }

    @Test
    void verificationRefusesTamperingWrongSecretsStaleTimestampsAndMalformedHeaders() {
        String body = "{}";
        String header = WebhookSignatures.sign(SECRET, body, AT);

        assertThat(WebhookSignatures.verify(SECRET, "{ }", header, AT)).isFalse();
        assertThat(WebhookSignatures.verify("whsec-another-secret", body, header, AT)).isFalse();
        assertThat(WebhookSignatures.verify(SECRET, body, header, AT.plus(Duration.ofMinutes(5)))).isTrue();
        assertThat(WebhookSignatures.verify(SECRET, body, header, AT.plus(Duration.ofMinutes(5)).plusSeconds(1)))
                .isFalse();
        assertThat(WebhookSignatures.verify(SECRET, body, header, AT.minus(Duration.ofMinutes(6)))).isFalse();
        assertThat(WebhookSignatures.verify(SECRET, body, header, AT.plusSeconds(50), Duration.ofSeconds(30)))
                .isFalse();
        assertThat(WebhookSignatures.verify(SECRET, body, null, AT)).isFalse();
        assertThat(WebhookSignatures.verify(SECRET, body, "", AT)).isFalse();
        assertThat(WebhookSignatures.verify(SECRET, body, "v1=abc", AT)).isFalse();
        assertThat(WebhookSignatures.verify(SECRET, body, "t=abc,v1=abc", AT)).isFalse();
        assertThat(WebhookSignatures.verify(SECRET, body, "garbage", AT)).isFalse();
        String other = WebhookSignatures.sign("whsec-old-secret-value", body, AT).split(",")[1];
        assertThat(WebhookSignatures.verify(SECRET, body, header + "," + other, AT))
                .as("any v1 may match while a secret rotates").isTrue();
    }

    @Test
    void generatedSecretsAre32RandomBytesUrlSafe() {
        String a = WebhookSignatures.generateSecret();
        String b = WebhookSignatures.generateSecret();
        assertThat(a).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(b);
        assertThat(java.util.Base64.getUrlDecoder().decode(a)).hasSize(32);
        assertThat(WebhookSpec.of("a", "https://h", "server.started").withSecret(a).secretKey()).contains(a);
    }

    @Test
    void retryDelaysDoubleFromTheBaseUpToTheCapWithBoundedJitter() {
        RetryPolicy exact = new RetryPolicy(Duration.ofSeconds(5), 3, Duration.ofSeconds(12), 0.0);
        assertThat(exact.maxAttempts()).isEqualTo(4);
        assertThat(exact.delayAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(exact.delayAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(exact.delayAfter(3)).isEqualTo(Duration.ofSeconds(12));
        assertThat(exact.delayAfter(60)).isEqualTo(Duration.ofSeconds(12));
        for (int i = 0; i < 100; i++) {
            assertThat(RetryPolicy.DEFAULT.delayAfter(2)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(12));
        }
        assertThat(RetryPolicy.DEFAULT.baseDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(RetryPolicy.DEFAULT.maxRetries()).isEqualTo(3);
    }

    @Test
    void outcomesClassifyRetryableAndFinalFailures() {
        assertThat(AttemptOutcome.response(200, "", Duration.ZERO).succeeded()).isTrue();
        for (int s : new int[] {408, 429, 500, 502, 503, 504}) {
            assertThat(AttemptOutcome.response(s, "", Duration.ZERO).retryable()).as("%s", s).isTrue();
        }
        for (int s : new int[] {301, 400, 401, 403, 404, 410, 422}) {
            AttemptOutcome o = AttemptOutcome.response(s, "", Duration.ZERO);
            assertThat(o.retryable() || o.succeeded()).as("%s", s).isFalse();
        }
        assertThat(AttemptOutcome.timeout(Duration.ofSeconds(1)).retryable()).isTrue();
        assertThat(AttemptOutcome.networkError("refused", Duration.ZERO).retryable()).isTrue();
    }
}
