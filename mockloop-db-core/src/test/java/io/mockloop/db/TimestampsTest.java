package io.mockloop.db;

import static io.mockloop.db.internal.jooq.generated.Tables.MOCK_SERVERS;
import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Timestamps are UTC with millisecond precision everywhere, defaults included; the test JVM runs in
 * America/New_York so a value inside its spring-forward gap would shift if any layer used the JVM zone.
 */
class TimestampsTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void instantsRoundTripExactlyToTheMillisecondIncludingInsideADstGap(DbTarget target) {
        assertThat(ZoneId.systemDefault().getId()).isEqualTo("America/New_York");
        MockLoopDb db = TestDatabase.fresh(target);
        DSLContext dsl = InternalAccess.dsl(db);
        List<Instant> values = List.of(
                Instant.parse("2024-03-10T02:30:00.083Z"),   // stored wall time 02:30 does not exist in New York
                Instant.parse("2024-11-03T01:30:00.001Z"),   // stored wall time 01:30 exists twice in New York
                Instant.parse("2024-03-10T07:30:00.123Z"),
                Instant.parse("1999-12-31T23:59:59.999Z"),
                Instant.parse("2026-11-29T12:00:00Z"),
                Instant.parse("2026-11-29T12:00:00.000500Z")); // sub-millisecond: truncated
        for (Instant value : values) {
            dsl.insertInto(REQUEST_LOGS).set(REQUEST_LOGS.METHOD, "GET").set(REQUEST_LOGS.PATH, "/t")
                    .set(REQUEST_LOGS.RESPONSE_STATUS, 200).set(REQUEST_LOGS.TIMESTAMP, value).execute();
        }
        List<Instant> read = dsl.select(REQUEST_LOGS.TIMESTAMP).from(REQUEST_LOGS).orderBy(REQUEST_LOGS.ID)
                .fetch(REQUEST_LOGS.TIMESTAMP);
        assertThat(read).containsExactlyElementsOf(values.stream().map(v -> v.truncatedTo(ChronoUnit.MILLIS)).toList());
        // range filters and ordering agree with time order
        assertThat(dsl.fetchCount(REQUEST_LOGS, REQUEST_LOGS.TIMESTAMP.between(Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-12-31T00:00:00Z")))).isEqualTo(3);
        assertThat(dsl.select(REQUEST_LOGS.TIMESTAMP).from(REQUEST_LOGS).orderBy(REQUEST_LOGS.TIMESTAMP).fetch(
                REQUEST_LOGS.TIMESTAMP)).isSorted();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void databaseDefaultTimestampsAreUtcNow(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        DSLContext dsl = InternalAccess.dsl(db);
        Instant before = Instant.now();
        dsl.insertInto(MOCK_SERVERS).set(MOCK_SERVERS.ID, "s").set(MOCK_SERVERS.NAME, "S")
                .set(MOCK_SERVERS.SPEC_PATH, "/s").set(MOCK_SERVERS.OUTPUT_DIRECTORY, "/o").execute();
        var row = dsl.selectFrom(MOCK_SERVERS).fetchSingle();
        assertThat(row.getCreatedAt()).isCloseTo(before, within(Duration.ofSeconds(5)));
        assertThat(row.getUpdatedAt()).isCloseTo(before, within(Duration.ofSeconds(5)));
        assertThat(row.getStartedAt()).isNull();
    }
}
