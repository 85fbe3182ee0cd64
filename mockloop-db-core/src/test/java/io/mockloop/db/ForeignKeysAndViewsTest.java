package io.mockloop.db;

import static io.mockloop.db.internal.jooq.generated.Tables.ACTIVE_SCENARIOS;
import static io.mockloop.db.internal.jooq.generated.Tables.MOCK_RESPONSES;
import static io.mockloop.db.internal.jooq.generated.Tables.MOCK_SERVERS;
import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;
import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS_SUMMARY;
import static io.mockloop.db.internal.jooq.generated.Tables.SCENARIOS;
import static io.mockloop.db.internal.jooq.generated.Tables.SERVER_STATISTICS;
import static io.mockloop.db.internal.jooq.generated.Tables.USERS;
import static io.mockloop.db.internal.jooq.generated.Tables.USER_SESSIONS;
import static io.mockloop.db.internal.jooq.generated.Tables.WEBHOOKS;
import static io.mockloop.db.internal.jooq.generated.Tables.WEBHOOK_DELIVERIES;
import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The seed's foreign-key actions fire, and its three views aggregate correctly, on every database. */
class ForeignKeysAndViewsTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void deletingAServerCascadesAndDeletingAScenarioSetsResponsesToNull(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        DSLContext dsl = InternalAccess.dsl(db);
        server(dsl, "petstore", "Pet Store");
        server(dsl, "other", "Other");
        long scenario = dsl.insertInto(SCENARIOS).set(SCENARIOS.NAME, "happy").set(SCENARIOS.SERVER_ID, "petstore")
                .set(SCENARIOS.CONFIG, "{}").returning(SCENARIOS.ID).fetchSingle().getId();
        dsl.insertInto(MOCK_RESPONSES).set(MOCK_RESPONSES.SERVER_ID, "petstore").set(MOCK_RESPONSES.ENDPOINT_PATH, "/pets")
                .set(MOCK_RESPONSES.METHOD, "GET").set(MOCK_RESPONSES.SCENARIO_ID, scenario).execute();
        long webhook = dsl.insertInto(WEBHOOKS).set(WEBHOOKS.SERVER_ID, "petstore").set(WEBHOOKS.NAME, "hook")
                .set(WEBHOOKS.URL, "http://127.0.0.1/").set(WEBHOOKS.EVENTS, "[]").returning(WEBHOOKS.ID).fetchSingle()
                .getId();
        dsl.insertInto(WEBHOOK_DELIVERIES).set(WEBHOOK_DELIVERIES.WEBHOOK_ID, webhook)
                .set(WEBHOOK_DELIVERIES.EVENT_TYPE, "x-test").set(WEBHOOK_DELIVERIES.PAYLOAD, "{}").execute();
        dsl.insertInto(SCENARIOS).set(SCENARIOS.NAME, "happy").set(SCENARIOS.SERVER_ID, "other")
                .set(SCENARIOS.CONFIG, "{}").execute();

        // SET NULL: the response survives its scenario
        dsl.deleteFrom(SCENARIOS).where(SCENARIOS.ID.eq(scenario)).execute();
        assertThat(dsl.fetchCount(MOCK_RESPONSES)).isEqualTo(1);
        assertThat(dsl.select(MOCK_RESPONSES.SCENARIO_ID).from(MOCK_RESPONSES).fetchSingle().value1()).isNull();

        // CASCADE: everything of the server goes with it, nothing of the other server does
        dsl.deleteFrom(MOCK_SERVERS).where(MOCK_SERVERS.ID.eq("petstore")).execute();
        assertThat(dsl.fetchCount(MOCK_RESPONSES)).isZero();
        assertThat(dsl.fetchCount(WEBHOOKS)).isZero();
        assertThat(dsl.fetchCount(WEBHOOK_DELIVERIES)).isZero();
        assertThat(dsl.fetchCount(SCENARIOS)).isEqualTo(1);

        long user = dsl.insertInto(USERS).set(USERS.USERNAME, "ada").returning(USERS.ID).fetchSingle().getId();
        dsl.insertInto(USER_SESSIONS).set(USER_SESSIONS.ID, "s1").set(USER_SESSIONS.USER_ID, user)
                .set(USER_SESSIONS.EXPIRES_AT, Instant.now().plusSeconds(60)).execute();
        dsl.deleteFrom(USERS).where(USERS.ID.eq(user)).execute();
        assertThat(dsl.fetchCount(USER_SESSIONS)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void viewsReturnTheSeedsAggregates(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        DSLContext dsl = InternalAccess.dsl(db);
        server(dsl, "a", "Server A");
        server(dsl, "idle", "Idle");
        Instant day1 = Instant.parse("2026-03-08T23:59:59.500Z");
        Instant day2 = Instant.parse("2026-03-09T00:00:00Z");
        log(dsl, "a", "GET", 200, 10, "10.0.0.1", day1);
        log(dsl, "a", "GET", 404, 30, "10.0.0.2", day1);
        log(dsl, "a", "GET", 500, 50, "10.0.0.1", day1);
        log(dsl, "a", "POST", 201, 7, "10.0.0.3", day2);
        dsl.insertInto(SCENARIOS).set(SCENARIOS.NAME, "on").set(SCENARIOS.SERVER_ID, "a").set(SCENARIOS.CONFIG, "{}")
                .set(SCENARIOS.DESCRIPTION, "active one").set(SCENARIOS.IS_ACTIVE, true).execute();
        dsl.insertInto(SCENARIOS).set(SCENARIOS.NAME, "off").set(SCENARIOS.SERVER_ID, "a").set(SCENARIOS.CONFIG, "{}")
                .execute();

        var summary = dsl.selectFrom(REQUEST_LOGS_SUMMARY).orderBy(REQUEST_LOGS_SUMMARY.DATE, REQUEST_LOGS_SUMMARY.METHOD)
                .fetch();
        assertThat(summary).hasSize(2);
        Record get = summary.get(0);
        assertThat(get.get(REQUEST_LOGS_SUMMARY.DATE)).isEqualTo(LocalDate.of(2026, 3, 8));
        assertThat(get.get(REQUEST_LOGS_SUMMARY.METHOD)).isEqualTo("GET");
        assertThat(get.get(REQUEST_LOGS_SUMMARY.REQUEST_COUNT)).isEqualTo(3);
        assertThat(get.get(REQUEST_LOGS_SUMMARY.AVG_RESPONSE_TIME)).isEqualByComparingTo(new BigDecimal("30"));
        assertThat(Integer.parseInt(String.valueOf(get.get(REQUEST_LOGS_SUMMARY.MIN_RESPONSE_TIME)))).isEqualTo(10);
        assertThat(Integer.parseInt(String.valueOf(get.get(REQUEST_LOGS_SUMMARY.MAX_RESPONSE_TIME)))).isEqualTo(50);
        assertThat(get.get(REQUEST_LOGS_SUMMARY.ERROR_COUNT)).isEqualTo(2);
        assertThat(get.get(REQUEST_LOGS_SUMMARY.SUCCESS_COUNT)).isEqualTo(1);
        assertThat(summary.get(1).get(REQUEST_LOGS_SUMMARY.DATE)).isEqualTo(LocalDate.of(2026, 3, 9));
        assertThat(summary.get(1).get(REQUEST_LOGS_SUMMARY.REQUEST_COUNT)).isEqualTo(1);

        assertThat(dsl.selectFrom(ACTIVE_SCENARIOS).fetch()).singleElement().satisfies(r -> {
            assertThat(r.getServerId()).isEqualTo("a");
            assertThat(r.getScenarioName()).isEqualTo("on");
            assertThat(r.getDescription()).isEqualTo("active one");
            assertThat(r.getServerName()).isEqualTo("Server A");
            assertThat(r.getCreatedAt()).isNotNull();
        });

        var stats = dsl.selectFrom(SERVER_STATISTICS).orderBy(SERVER_STATISTICS.SERVER_ID).fetch();
        assertThat(stats).hasSize(2);
        assertThat(stats.get(0).getServerId()).isEqualTo("a");
        assertThat(stats.get(0).getServerName()).isEqualTo("Server A");
        assertThat(stats.get(0).getStatus()).isEqualTo("stopped");
        assertThat(stats.get(0).getTotalRequests()).isEqualTo(4);
        assertThat(stats.get(0).getErrorRequests()).isEqualTo(2);
        assertThat(stats.get(0).getAvgResponseTime()).isEqualByComparingTo(new BigDecimal("24.25"));
        assertThat(stats.get(0).getUniqueClients()).isEqualTo(3);
        assertThat(stats.get(0).getLastRequestTime()).isEqualTo(day2);
        assertThat(stats.get(1).getServerId()).isEqualTo("idle");
        assertThat(stats.get(1).getTotalRequests()).isZero();
        assertThat(stats.get(1).getLastRequestTime()).isNull();
    }

    static void server(DSLContext dsl, String id, String name) {
        dsl.insertInto(MOCK_SERVERS).set(MOCK_SERVERS.ID, id).set(MOCK_SERVERS.NAME, name)
                .set(MOCK_SERVERS.SPEC_PATH, "/specs/" + id + ".yaml").set(MOCK_SERVERS.OUTPUT_DIRECTORY, "/out/" + id)
                .execute();
    }

    private static void log(DSLContext dsl, String server, String method, int status, int ms, String ip, Instant at) {
        dsl.insertInto(REQUEST_LOGS).set(REQUEST_LOGS.SERVER_ID, server).set(REQUEST_LOGS.METHOD, method)
                .set(REQUEST_LOGS.PATH, "/pets").set(REQUEST_LOGS.RESPONSE_STATUS, status)
                .set(REQUEST_LOGS.RESPONSE_TIME_MS, ms).set(REQUEST_LOGS.CLIENT_IP, ip).set(REQUEST_LOGS.TIMESTAMP, at)
                .execute();
    }
}
