package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.ConfigurationException;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.ValidationException;
import io.mockloop.db.scenario.MockResponseFilter;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import io.mockloop.db.webhook.DeliveryQuery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Query input the fuzz run ({@code io.mockloop.db.FuzzTest}) found escaping as a raw exception or reaching the
 * database: each is now refused with a {@link ValidationException} naming the field, or matches nothing.
 */
class QueryInputTest {

    @Test
    void aBucketWidthBeyondLongMillisecondsIsRefusedNotAnArithmeticException() {
        MockLoopDb db = TestDatabase.fresh(DbTarget.SQLITE_MEMORY);
        assertThatThrownBy(() -> db.requestLogs().timeBuckets(LogFilter.ALL, Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("bucket");
        assertThatThrownBy(() -> db.requestLogs().timeBuckets(LogFilter.ALL, Duration.ofMillis(Long.MAX_VALUE)
                .plusMillis(1))).isInstanceOf(ValidationException.class).hasMessageContaining("bucket");
        assertThat(db.requestLogs().timeBuckets(LogFilter.ALL, Duration.ofMillis(Long.MAX_VALUE))).isEmpty();
    }

    @Test
    void aNullMethodIsRefusedNamingMethodsNotANullPointerException() {
        assertThatThrownBy(() -> LogFilter.builder().methods("GET", null))
                .isInstanceOf(ValidationException.class).hasMessageContaining("methods");
        assertThatThrownBy(() -> new LogFilter(null, new java.util.HashSet<>(java.util.Arrays.asList("GET", null)),
                null, null, null, null, null, null, null, null, null, null, null, null, LogFilter.Order.NEWEST_FIRST))
                .isInstanceOf(ValidationException.class).hasMessageContaining("methods");
        assertThat(LogFilter.builder().methods().build().methods()).isEmpty();
    }

    @Test
    void instantsOutsideTheYears1To9999AreRefusedInFiltersCursorsAndLogs() {
        assertThatThrownBy(() -> LogFilter.builder().to(Instant.MAX).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("to").hasMessageContaining("9999");
        assertThatThrownBy(() -> LogFilter.builder().from(Instant.parse("-0001-12-31T00:00:00Z")).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("from");
        assertThatThrownBy(() -> DeliveryQuery.all().between(Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("to");
        assertThat(LogFilter.builder().from(Instant.parse("0001-01-01T00:00:00Z"))
                .to(Instant.parse("9999-12-31T23:59:59.999Z")).build().to()).isNotNull();

        MockLoopDb db = TestDatabase.fresh(DbTarget.SQLITE_MEMORY);
        String farCursor = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1:" + Long.MAX_VALUE + ":1").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> db.requestLogs().page(LogFilter.ALL, 10, farCursor))
                .isInstanceOf(ValidationException.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> db.webhooks().history(DeliveryQuery.all().after(Long.MAX_VALUE + ":1")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> db.requestLogs().append(RequestLog.builder("GET", "/x", 200)
                .timestamp(Instant.parse("+10000-01-01T00:00:00Z")).build()))
                .isInstanceOf(ValidationException.class).hasMessageContaining("timestamp");
        assertThat(db.requestLogs().count(LogFilter.ALL)).isZero();
    }

    @Test
    void patternsLongerThanSqliteAcceptsAreRefusedNamingTheField() {
        String huge = "/" + "p".repeat(LogFilter.MAX_PATTERN);
        assertThatThrownBy(() -> LogFilter.builder().pathPrefix(huge).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("path");
        assertThatThrownBy(() -> LogFilter.builder().containing(huge).build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("containing");
        MockLoopDb db = TestDatabase.fresh(DbTarget.SQLITE_MEMORY);
        assertThat(db.requestLogs().count(LogFilter.builder().path(huge).build())).isZero(); // exact: no LIKE
    }

    @Test
    void nulAndUnpairedSurrogatesInFilterTextAreRefusedInsteadOfComparingDifferentlyPerDatabase() {
        assertThatThrownBy(() -> LogFilter.builder().pathRegex("\uD800?").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("path");
        assertThatThrownBy(() -> LogFilter.builder().server("x\uDC00").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("serverId");
        assertThatThrownBy(() -> LogFilter.builder().server("pet\u0000store").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("serverId");
        assertThatThrownBy(() -> LogFilter.builder().containing("\u0000").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("containing");
        assertThatThrownBy(() -> LogFilter.builder().methods("G\u0000").build())
                .isInstanceOf(ValidationException.class).hasMessageContaining("methods");
        MockLoopDb db = TestDatabase.fresh(DbTarget.SQLITE_MEMORY);
        assertThatThrownBy(() -> db.requestLogs().summary("a\u0000"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("serverId");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_MEMORY", "POSTGRESQL", "MARIADB"})
    void lookupsByTextHoldingNulMatchNothingInsteadOfFailingOnPostgresqlOrIgnoringItOnMariadb(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        db.servers().register(io.mockloop.db.server.ServerRegistration.of("ab", "spec.yaml", "out").withId("ab"));
        db.mockResponses().add("ab", io.mockloop.db.scenario.MockResponseSpec.of("GET", "/pets").asDefault(true));
        assertThat(db.mockResponses().list(MockResponseFilter.forServer("ab"))).hasSize(1);
        assertThat(db.mockResponses().list(MockResponseFilter.forServer("ab").withMethod("G\u0000ET"))).isEmpty();
        assertThat(db.webhooks().history(DeliveryQuery.all().withEvent("x-\u0000")).items()).isEmpty();
        assertThat(db.mockResponses().list(MockResponseFilter.forServer("a\u0000b"))).isEmpty();
        assertThat(db.mockResponses().resolve("a\u0000b", "GET", "/pets")).isEmpty();
        assertThat(db.mockResponses().resolver().resolve("a\u0000b", "GET", "/pets")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"POSTGRESQL", "MARIADB"})
    void aRegexJavaAcceptsButTheDatabaseRefusesIsAValidationErrorNamingPath(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        db.requestLogs().append(RequestLog.builder("GET", "/pets", 200).build());
        LogFilter javaOnly = LogFilter.builder().pathRegex("\\p{javaLowerCase}+").build();
        assertThatThrownBy(() -> db.requestLogs().count(javaOnly))
                .isInstanceOf(ValidationException.class).hasMessageContaining("path")
                .hasMessageContaining("javaLowerCase");
    }

    @Test
    void aYamlPathWithNulIsAConfigurationErrorNotAnInvalidPathException(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("db.yaml");
        Files.writeString(yaml, "database:\n  type: sqlite\n  path: \"db/\\0.db\"\n");
        assertThatThrownBy(() -> MockLoopDb.builder().yaml(yaml, java.util.Map.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("database.path");
        assertThatThrownBy(() -> MockLoopDb.builder().url("jdbc:sqlite:/tmp/a\u0000b.db").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("url");
    }
}
