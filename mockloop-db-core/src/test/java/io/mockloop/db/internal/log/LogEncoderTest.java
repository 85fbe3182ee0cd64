package io.mockloop.db.internal.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mockloop.db.log.LogPolicy;
import io.mockloop.db.log.RequestLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one-pass encoder gives what the documented path gives: {@code policy.apply(log)} and then each map encoded by
 * the ObjectMapper, over a corpus of random logs with redacted names in random case, excluded methods and paths,
 * bodies over the cap (also ending in a surrogate pair), empty maps and absent values, under several policies.
 */
class LogEncoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] NAMES = {"Authorization", "Host", "Cookie", "x-api-key", "Accept", "token", "page",
        "Api_Key", "password", "q", "Set-Cookie", "client_secret", "ß", "Ünïcödé"};

    @Test
    void encodingEqualsApplyingThePolicyThenEncodingTheMaps() {
        List<LogPolicy> policies = List.of(LogPolicy.DEFAULTS, LogPolicy.NONE,
                LogPolicy.DEFAULTS.withMaxBodyChars(64).withExcludedMethods(Set.of("options"))
                        .withExcludedPaths(Set.of("/health", "/static/*", "/v?/ping")),
                LogPolicy.DEFAULTS.withRedactedHeaders(Set.of("HOST", "accept")).withRedactedQueryParams(Set.of()));
        Random r = new Random(7);
        int compared = 0;
        int excluded = 0;
        int redacted = 0;
        int cut = 0;
        for (LogPolicy policy : policies) {
            LogEncoder encoder = new LogEncoder(policy, JSON.getFactory());
            for (int i = 0; i < 2_000; i++) {
                RequestLog log = randomLog(r);
                LogRow row = encoder.encode(log);
                Optional<RequestLog> applied = policy.apply(log);
                if (applied.isEmpty()) {
                    assertThat(row).as("excluded %s %s", log.method(), log.path()).isNull();
                    excluded++;
                    continue;
                }
                RequestLog a = applied.get();
                assertThat(row).isNotNull();
                assertThat(row.headers()).isEqualTo(LogJson.write(JSON, a.headers()));
                assertThat(row.responseHeaders()).isEqualTo(LogJson.write(JSON, a.responseHeaders()));
                assertThat(row.queryParams()).isEqualTo(LogJson.write(JSON, a.queryParams()));
                assertThat(row.requestBody()).isEqualTo(a.requestBody());
                assertThat(row.responseBody()).isEqualTo(a.responseBody());
                assertThat(row.timestamp()).isEqualTo(a.timestamp() == null ? null
                        : a.timestamp().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
                assertThat(List.of(row.method(), row.path(), row.responseStatus(), String.valueOf(row.responseTimeMs()),
                        String.valueOf(row.serverId()), String.valueOf(row.clientIp()), String.valueOf(row.userAgent()),
                        String.valueOf(row.requestId()), String.valueOf(row.scenarioName()), row.unmatched()))
                        .isEqualTo(List.of(a.method(), a.path(), a.responseStatus(), String.valueOf(a.responseTimeMs()),
                                String.valueOf(a.serverId()), String.valueOf(a.clientIp()),
                                String.valueOf(a.userAgent()), String.valueOf(a.requestId()),
                                String.valueOf(a.scenarioName()), a.unmatched()));
                compared++;
                if (String.valueOf(row.headers()).contains(LogPolicy.REDACTED)
                        || String.valueOf(row.queryParams()).contains(LogPolicy.REDACTED)) {
                    redacted++;
                }
                if (!java.util.Objects.equals(a.responseBody(), log.responseBody())) {
                    cut++;
                }
            }
        }
        // the corpus reaches every branch
        assertThat(compared).isGreaterThan(5_000);
        assertThat(excluded).isGreaterThan(50);
        assertThat(redacted).isGreaterThan(1_000);
        assertThat(cut).isGreaterThan(100);
    }

    @Test
    void repeatedShortValuesAreSharedAndLongOrUniqueOnesKept() {
        LogEncoder encoder = new LogEncoder(LogPolicy.DEFAULTS, JSON.getFactory());
        String ua = "Mozilla/5.0 (X11; Linux x86_64) Chrome/120";
        LogRow first = encoder.encode(RequestLog.builder(new String("GET"), new String("/pets/1"), 200)
                .serverId(new String("petstore")).userAgent(new String(ua)).requestId(new String("r-1")).build());
        LogRow second = encoder.encode(RequestLog.builder(new String("GET"), new String("/pets/1"), 200)
                .serverId(new String("petstore")).userAgent(new String(ua)).requestId(new String("r-1")).build());
        assertThat(second.serverId()).isSameAs(first.serverId());
        assertThat(second.userAgent()).isSameAs(first.userAgent()).isEqualTo(ua);
        assertThat(second.method()).isSameAs(first.method());
        assertThat(second.path()).isSameAs(first.path());
        assertThat(second.requestId()).as("request ids are unique: never shared").isNotSameAs(first.requestId())
                .isEqualTo(first.requestId());
        String longPath = "/" + "x".repeat(300);
        assertThat(encoder.share(new String(longPath))).isNotSameAs(encoder.share(new String(longPath)));
    }

    private static RequestLog randomLog(Random r) {
        String method = List.of("GET", "POST", "OPTIONS", "options", "PUT").get(r.nextInt(5));
        String path = List.of("/pets/1", "/health", "/static/app.js", "/v1/ping", "/v10/ping", "/a b/ü").get(r.nextInt(6));
        RequestLog.Builder b = RequestLog.builder(method, path, 200 + r.nextInt(300))
                .headers(map(r)).responseHeaders(map(r)).queryParams(map(r))
                .requestBody(body(r)).responseBody(body(r))
                .responseTimeMs(r.nextBoolean() ? null : r.nextInt(500))
                .serverId(r.nextBoolean() ? "petstore" : null).clientIp(r.nextBoolean() ? "10.0.0.1" : null)
                .userAgent(r.nextBoolean() ? "curl/8" : null).requestId(r.nextBoolean() ? "rid" : null)
                .scenarioName(r.nextBoolean() ? "happy" : null).unmatched(r.nextInt(10) == 0);
        if (r.nextBoolean()) {
            b.timestamp(Instant.ofEpochSecond(1_780_000_000L, r.nextInt(1_000_000_000)));
        }
        return b.build();
    }

    private static Map<String, List<String>> map(Random r) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            String name = NAMES[r.nextInt(NAMES.length)];
            name = switch (r.nextInt(3)) {
                case 0 -> name.toUpperCase(Locale.ROOT);
                case 1 -> name.toLowerCase(Locale.ROOT);
                default -> name;
            };
            List<String> values = new ArrayList<>();
            for (int k = r.nextInt(3); k >= 0; k--) {
                values.add(r.nextBoolean() ? "v\"\\\n" + r.nextInt(100) : "ünï " + k);
            }
            m.put(name, r.nextInt(8) == 0 ? List.of() : values);
        }
        return m;
    }

    private static String body(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> "x".repeat(r.nextInt(200));
            default -> "y".repeat(63) + "\uD83D\uDE00" + "z".repeat(r.nextInt(50));
        };
    }

    @Test
    void redactedNamesMatchInAnyCaseAndAtAnyLengthWhileOtherLengthsAreAnsweredByLengthAlone() {
        String longName = "X-" + "Very-Long-Header-Name-".repeat(4); // over 63 characters: the shared top bit
        java.util.TreeSet<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        names.addAll(List.of("Authorization", longName));
        LogEncoder.NameSet set = new LogEncoder.NameSet(names);
        assertThat(set).hasSize(2);
        assertThat(set.contains("authorization")).isTrue();
        assertThat(set.contains("AUTHORIZATION")).isTrue();
        assertThat(set.contains(longName.toLowerCase(Locale.ROOT))).isTrue();
        assertThat(set.contains("authorizatioN2")).isFalse(); // 14 characters: no name that long
        assertThat(set.contains("x-request-idxy")).isFalse(); // 14 again
        assertThat(set.contains("proxy-authoriz")).isFalse(); // 14
        assertThat(set.contains("Authorisation")).isFalse(); // 13, like a redacted name, but another
        assertThat(set.contains(longName + "-")).isFalse(); // also past 63: decided by the names themselves
        assertThat(set.contains(null)).isFalse();
        assertThat(set.contains(13)).isFalse();
    }
}
