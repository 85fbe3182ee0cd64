package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.ValidationException;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The input rules hold the same on every database: documented caps on the text of a request log, one NUL rule for
 * writing and filtering (refused by name everywhere: PostgreSQL cannot store NUL and no filter could find it
 * elsewhere), and instants outside the stored range refused by name — each refusal a ValidationException naming the
 * field, with nothing written.
 */
class InputRulesTest {

    private static RequestLog.Builder log() {
        return RequestLog.builder("GET", "/pets", 200).serverId("petstore");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void everyRuleRefusesByNameOnEveryDatabaseAndWritesNothing(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        RequestLogStore logs = db.requestLogs();
        Map<String, ThrowingCallable> cases = new LinkedHashMap<>();
        String tenMegabytes = "/" + "a".repeat(10 * 1024 * 1024);
        cases.put("path must be at most 8192 characters", () -> logs.append(log().path(tenMegabytes).build()));
        cases.put("path must be at most 8192 characters ", () -> logs.append(log().path("/" + "p".repeat(8192))
                .build()));
        cases.put("userAgent must be at most 4096 characters", () -> logs.append(log().userAgent("u".repeat(4097))
                .build()));
        cases.put("headers must be at most 1024 characters", () -> logs.append(log()
                .headers(Map.of("h".repeat(1025), List.of("v"))).build()));
        cases.put("headers.X-Big must be at most 16384 characters", () -> logs.append(log()
                .headers(Map.of("X-Big", List.of("v".repeat(16385)))).build()));
        cases.put("path must not contain NUL characters", () -> logs.append(log().path("/pe\u0000ts").build()));
        cases.put("responseBody must not contain NUL characters", () -> logs.append(log()
                .responseBody("{\"a\":\"\u0000\"}").build()));
        cases.put("headers must not contain NUL characters", () -> logs.append(log()
                .headers(Map.of("X-\u0000", List.of("v"))).build()));
        cases.put("queryParams.q must not contain NUL characters", () -> logs.append(log()
                .queryParams(Map.of("q", List.of("a\u0000"))).build()));
        cases.put("logs[1].path must not contain NUL characters", () -> logs.appendAll(List.of(log().build(),
                log().path("/\u0000").build())));
        cases.put("olderThan must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z",
                () -> logs.cleanup(Instant.MIN));
        cases.put("olderThan must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z ",
                () -> logs.cleanup(Instant.MAX, "petstore"));
        cases.put("timestamp must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z",
                () -> logs.append(log().timestamp(Instant.parse("+10000-01-01T00:00:00Z")).build()));
        cases.put("olderThan must reach back no further than 0001-01-01T00:00:00Z",
                () -> db.webhooks().purgeDeliveries(Duration.ofDays(3_000_000)));
        cases.put("olderThan must reach back no further than 0001-01-01T00:00:00Z ",
                () -> db.webhooks().countPurgeable(Duration.ofSeconds(Long.MAX_VALUE)));
        cases.put("to must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z",
                () -> LogFilter.builder().to(Instant.MAX).build());
        try (LogWriter writer = logs.openWriter(WriterSettings.DEFAULTS)) {
            cases.put("responseBody must not contain NUL characters  ", () -> writer.enqueue(log()
                    .responseBody("\u0000").build()));
            cases.forEach((expected, call) -> assertThatThrownBy(call).as(expected)
                    .isInstanceOf(ValidationException.class).hasMessageStartingWith(expected.trim() + " (was "));
        }
        assertThat(logs.count(LogFilter.ALL)).as("nothing was written").isZero();

        // the boundaries themselves are kept, the same everywhere
        String longest = "/" + "p".repeat(8191);
        logs.append(log().path(longest).userAgent("u".repeat(4096)).build());
        assertThat(logs.page(LogFilter.builder().path(longest).build(), 10).items()).singleElement()
                .satisfies(l -> assertThat(l.userAgent()).hasSize(4096));
    }
}
