package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.server.ServerStatus;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import io.mockloop.db.testing.TestSupport;
import io.mockloop.db.user.NewUser;
import io.mockloop.db.webhook.WebhookSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jooq.impl.DSL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One table of hostile inputs against every public method that takes input. Each case either expects a typed
 * {@link MockLoopDbException} whose message names the field and shows the value (or, for a {@code null} argument,
 * a {@link NullPointerException} naming the parameter), with every table's row count unchanged, or expects the
 * value to be stored and read back verbatim.
 */
class BadInputCorpusTest {

    private static final String SQL_INJECTION = "'; DROP TABLE users; --";
    private static final String QUOTES = "it's \"quoted\" `back` \\slash";
    private static final String NUL = "a\u0000b";
    private static final String SURROGATE = "x\uD800y";
    private static final String MEGA = "m".repeat(1_000_000);
    private static final String SERVER = "srv";

    /** What a case does with the database. */
    @FunctionalInterface
    interface Call {
        void run(MockLoopDb db) throws Exception;
    }

    /**
     * @param name shown in the test name
     * @param field the field the message must name, or {@code null} for a "stored verbatim" case
     * @param fragment a part of the refused value the message must contain
     * @param call the call
     */
    record Case(String name, String field, String fragment, Class<? extends RuntimeException> type, Call call) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case rejects(String name, String field, String fragment, Call call) {
        return new Case(name, field, fragment, ValidationException.class, call);
    }

    private static Case rejects(String name, Class<? extends MockLoopDbException> type, String field, String fragment,
                                Call call) {
        return new Case(name, field, fragment, type, call);
    }

    /** A null argument: {@link NullPointerException} naming the parameter, nothing written. */
    private static Case refusesNull(String name, String parameter, Call call) {
        return new Case(name, parameter, parameter, NullPointerException.class, call);
    }

    private static Case stores(String name, Call callAndCheck) {
        return new Case(name, null, null, null, callAndCheck);
    }

    static Stream<Arguments> corpus() {
        List<DbTarget> targets = List.of(DbTarget.SQLITE_MEMORY, DbTarget.SQLITE_FILE, DbTarget.POSTGRESQL,
                DbTarget.MARIADB);
        return targets.stream().flatMap(t -> cases().stream().map(c -> Arguments.of(t, c)));
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // servers().register
        c.add(refusesNull("register null name", "name",
                db -> db.servers().register(ServerRegistration.of(null, "spec.yaml", "out"))));
        c.add(rejects("register blank name", "name", "'   '",
                db -> db.servers().register(ServerRegistration.of("   ", "spec.yaml", "out"))));
        c.add(rejects("register 1 MB name", "name", "mmmm",
                db -> db.servers().register(ServerRegistration.of(MEGA, "spec.yaml", "out"))));
        c.add(rejects("register negative port", "port", "-1",
                db -> db.servers().register(ServerRegistration.of("p", "spec.yaml", "out").withPort(-1))));
        c.add(rejects("register huge port", "port", "2147483647",
                db -> db.servers().register(ServerRegistration.of("p", "spec.yaml", "out").withPort(Integer.MAX_VALUE))));
        c.add(refusesNull("register null spec path", "specPath",
                db -> db.servers().register(ServerRegistration.of("p", null, "out"))));
        c.add(rejects("register NUL in id", "id", "\\u0000",
                db -> db.servers().register(ServerRegistration.of("p", "spec.yaml", "out").withId(NUL))));
        c.add(rejects("register duplicate id", ConflictException.class, "srv", "srv",
                db -> db.servers().register(ServerRegistration.of("other", "spec.yaml", "out").withId(SERVER))));
        c.add(stores("register name with SQL injection stored verbatim", db -> {
            var s = db.servers().register(ServerRegistration.of(SQL_INJECTION, "spec.yaml", "out"));
            assertThat(db.servers().get(s.id()).name()).isEqualTo(SQL_INJECTION);
            assertThat(InternalAccess.dsl(db).fetchCount(DSL.table(DSL.name("users")))).isZero();
        }));
        c.add(stores("register name with quotes stored verbatim", db -> {
            var s = db.servers().register(ServerRegistration.of(QUOTES, "spec.yaml", "out"));
            assertThat(db.servers().get(s.id()).name()).isEqualTo(QUOTES);
        }));
        c.add(stores("register spec content with quotes and unicode stored verbatim", db -> {
            String spec = QUOTES + " \u00e9\u4e2d\uD83D\uDE00 " + SQL_INJECTION;
            var s = db.servers().register(ServerRegistration.of("q", "spec.yaml", "out").withSpecContent(spec));
            assertThat(db.servers().get(s.id()).specContent()).contains(spec);
        }));
        // servers().updatePort / updateConfig / transition
        c.add(rejects("updatePort negative", "port", "-5", db -> db.servers().updatePort(SERVER, -5)));
        c.add(rejects("updatePort 70000", "port", "70000", db -> db.servers().updatePort(SERVER, 70000)));
        c.add(rejects("updatePort unknown server", NotFoundException.class, "server", SQL_INJECTION,
                db -> db.servers().updatePort(SQL_INJECTION, 8080)));
        c.add(rejects("updateConfig unknown server", NotFoundException.class, "server", "nope",
                db -> db.servers().updateConfig("nope", Map.of("a", 1))));
        c.add(stores("updateConfig with hostile strings stored verbatim", db -> {
            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put("q", QUOTES);
            cfg.put("sql", SQL_INJECTION);
            cfg.put("big", Long.MAX_VALUE);
            db.servers().updateConfig(SERVER, cfg);
            assertThat(db.servers().get(SERVER).config()).containsEntry("q", QUOTES).containsEntry("sql", SQL_INJECTION)
                    .containsEntry("big", Long.MAX_VALUE);
        }));
        c.add(rejects("transition unknown server", NotFoundException.class, "server", "ghost",
                db -> db.servers().transition("ghost", ServerStatus.STARTING)));
        c.add(rejects("transition negative pid", "pid", "-1",
                db -> db.servers().transition(SERVER, ServerStatus.RUNNING, -1, 8080)));
        c.add(rejects("transition negative port", "port", "-2",
                db -> db.servers().transition(SERVER, ServerStatus.RUNNING, 10, -2)));
        // scenarios
        c.add(refusesNull("scenario create null name", "name",
                db -> db.scenarios().create(NewScenario.of(SERVER, null, ScenarioConfig.empty()))));
        c.add(rejects("scenario create 1 MB name", "name", "mmmm",
                db -> db.scenarios().create(NewScenario.of(SERVER, MEGA, ScenarioConfig.empty()))));
        c.add(rejects("scenario create unknown server", NotFoundException.class, "server", "ghost",
                db -> db.scenarios().create(NewScenario.of("ghost", "s", ScenarioConfig.empty()))));
        c.add(rejects("scenario create duplicate", ConflictException.class, "base", "base",
                db -> db.scenarios().create(NewScenario.of(SERVER, "base", ScenarioConfig.empty()))));
        c.add(stores("scenario name and description with SQL injection stored verbatim", db -> {
            db.scenarios().create(NewScenario.of(SERVER, SQL_INJECTION, ScenarioConfig.empty()).withDescription(QUOTES)
                    .withCreatedBy(QUOTES));
            var s = db.scenarios().get(SERVER, SQL_INJECTION);
            assertThat(s.name()).isEqualTo(SQL_INJECTION);
            assertThat(s.description()).contains(QUOTES);
        }));
        c.add(rejects("scenario activate unknown", NotFoundException.class, "scenario", "nope",
                db -> db.scenarios().activate(SERVER, "nope")));
        c.add(rejects("scenario activate on unknown server", NotFoundException.class, "ghost", "ghost",
                db -> db.scenarios().activate("ghost", "base")));
        c.add(rejects("importScenario malformed JSON", "document", "{\"name\":",
                db -> db.scenarios().importScenario(SERVER, "{\"name\":")));
        c.add(rejects("importScenario JSON array", "document", "[1,2]",
                db -> db.scenarios().importScenario(SERVER, "[1,2]")));
        c.add(refusesNull("importScenario null", "json", db -> db.scenarios().importScenario(SERVER, null)));
        c.add(rejects("importScenario SQL injection text", "document", "DROP TABLE",
                db -> db.scenarios().importScenario(SERVER, SQL_INJECTION)));
        // ScenarioConfig.parse
        c.add(rejects("ScenarioConfig.parse truncated", "config", "{\"endpoints\"",
                db -> ScenarioConfig.parse("{\"endpoints\"")));
        c.add(rejects("ScenarioConfig.parse endpoints not a list", "endpoints", "",
                db -> ScenarioConfig.parse("{\"endpoints\": 5}")));
        c.add(rejects("ScenarioConfig.parse NUL text", "config", "\\u0000", db -> ScenarioConfig.parse(NUL)));
        c.add(refusesNull("ScenarioConfig.parse null", "json", db -> ScenarioConfig.parse(null)));
        // mockResponses
        c.add(rejects("mock response unknown server", NotFoundException.class, "server", "ghost",
                db -> db.mockResponses().add("ghost", MockResponseSpec.of("GET", "/a"))));
        c.add(refusesNull("mock response null method", "method",
                db -> db.mockResponses().add(SERVER, MockResponseSpec.of(null, "/a"))));
        c.add(rejects("mock response method with SQL injection", "method", "DROP",
                db -> db.mockResponses().add(SERVER, MockResponseSpec.of(SQL_INJECTION, "/a"))));
        c.add(rejects("mock response status 99", "status", "99",
                db -> db.mockResponses().add(SERVER, MockResponseSpec.of("GET", "/a").withResponse(99))));
        c.add(rejects("mock response status huge", "status", "2147483647",
                db -> db.mockResponses().add(SERVER, MockResponseSpec.of("GET", "/a").withResponse(Integer.MAX_VALUE))));
        c.add(rejects("mock response negative delay", "delayMs", "-1",
                db -> db.mockResponses().add(SERVER, MockResponseSpec.of("GET", "/a").withDelayMs(-1))));
        c.add(refusesNull("mock response null path", "endpointPath",
                db -> db.mockResponses().add(SERVER, MockResponseSpec.of("GET", null))));
        c.add(stores("mock response body with quotes, surrogate pair and SQL stored verbatim", db -> {
            String body = QUOTES + "\uD83D\uDE00" + SQL_INJECTION;
            var r = db.mockResponses().add(SERVER, MockResponseSpec.of("GET", "/q").withResponse(201, body));
            assertThat(db.mockResponses().get(r.id()).body()).contains(body);
        }));
        c.add(stores("resolve with SQL injection path finds nothing", db ->
                assertThat(db.mockResponses().resolve(SERVER, "GET", "/" + SQL_INJECTION)).isEmpty()));
        c.add(refusesNull("resolve null method", "method", db -> db.mockResponses().resolve(SERVER, null, "/a")));
        // requestLogs
        c.add(rejects("log append null method", "method", "null",
                db -> db.requestLogs().append(RequestLog.builder(null, "/a", 200).serverId(SERVER).build())));
        c.add(rejects("log append status 0", "responseStatus", "0",
                db -> db.requestLogs().append(RequestLog.builder("GET", "/a", 0).build())));
        c.add(rejects("log append negative response time", "responseTimeMs", "-7",
                db -> db.requestLogs().append(RequestLog.builder("GET", "/a", 200).responseTimeMs(-7).build())));
        c.add(rejects("log appendAll one bad entry writes none", "responseStatus", "1000",
                db -> db.requestLogs().appendAll(List.of(RequestLog.builder("GET", "/ok", 200).build(),
                        RequestLog.builder("GET", "/bad", 1000).build()))));
        c.add(stores("log body with quotes and SQL stored verbatim", db -> {
            String body = QUOTES + SQL_INJECTION + "\uD83D\uDE00";
            long id = db.requestLogs().append(RequestLog.builder("POST", "/p'q", 200).requestBody(body)
                    .responseBody(body).header("X-Q", QUOTES).build()).orElseThrow();
            var log = db.requestLogs().get(id);
            assertThat(log.requestBody()).isEqualTo(body);
            assertThat(log.responseBody()).isEqualTo(body);
            assertThat(log.path()).isEqualTo("/p'q");
            assertThat(log.headers()).containsEntry("X-Q", List.of(QUOTES));
        }));
        c.add(rejects("log page garbage cursor", "cursor", "not-a-cursor",
                db -> db.requestLogs().page(LogFilter.ALL, 10, "not-a-cursor")));
        c.add(rejects("log page SQL injection cursor", "cursor", "DROP",
                db -> db.requestLogs().page(LogFilter.ALL, 10, SQL_INJECTION)));
        c.add(rejects("log page size 0", "size", "0", db -> db.requestLogs().page(LogFilter.ALL, 0)));
        c.add(rejects("log page size negative", "size", "-1", db -> db.requestLogs().page(LogFilter.ALL, -1)));
        c.add(rejects("LogFilter bad regex", "path", "([a-", db -> LogFilter.builder().pathRegex("([a-").build()));
        c.add(rejects("LogFilter inverted status range", "maxStatus", "200",
                db -> LogFilter.builder().statusBetween(500, 200).build()));
        c.add(rejects("LogFilter inverted time range", "to", "2020",
                db -> LogFilter.builder().from(Instant.parse("2021-01-01T00:00:00Z")).to(Instant.parse("2020-01-01T00:00:00Z")).build()));
        c.add(rejects("LogFilter status class 9", "statusClass", "9", db -> LogFilter.builder().statusClass(9).build()));
        c.add(rejects("LogFilter negative response time", "minResponseTimeMs", "-3",
                db -> LogFilter.builder().responseTimeBetween(-3, 10).build()));
        c.add(stores("LogFilter SQL injection path matches nothing", db ->
                assertThat(db.requestLogs().count(LogFilter.builder().path(SQL_INJECTION).build())).isZero()));
        // webhooks
        c.add(rejects("webhook bad URL", "url", "not a url",
                db -> db.webhooks().create(SERVER, WebhookSpec.of("w", "not a url", "request.received"))));
        c.add(rejects("webhook ftp URL", "url", "ftp://x",
                db -> db.webhooks().create(SERVER, WebhookSpec.of("w", "ftp://x/y", "request.received"))));
        c.add(rejects("webhook empty events", "events", "[]",
                db -> db.webhooks().create(SERVER, WebhookSpec.of("w", "http://localhost/h"))));
        c.add(rejects("webhook unknown event", "events", "no.such.event",
                db -> db.webhooks().create(SERVER, WebhookSpec.of("w", "http://localhost/h", "no.such.event"))));
        c.add(rejects("webhook unknown server", NotFoundException.class, "server", "ghost",
                db -> db.webhooks().create("ghost", WebhookSpec.of("w", "http://localhost/h", "request.received"))));
        c.add(rejects("webhook NUL in name", "name", "\\u0000",
                db -> db.webhooks().create(SERVER, WebhookSpec.of(NUL, "http://localhost/h", "request.received"))));
        // users
        c.add(refusesNull("user null username", "username",
                db -> db.users().create(NewUser.of(null).withEmail("a@example.com").withPassword("secret-password"))));
        c.add(rejects("user SQL injection username", "username", "DROP",
                db -> db.users().create(NewUser.of(SQL_INJECTION).withEmail("a@example.com")
                        .withPassword("secret-password"))));
        c.add(rejects("user 1 MB username", "username", "mmmm",
                db -> db.users().create(NewUser.of(MEGA).withEmail("a@example.com").withPassword("secret-password"))));
        c.add(rejects("user bad email", "email", "not-an-email",
                db -> db.users().create(NewUser.of("bob").withEmail("not-an-email").withPassword("secret-password"))));
        c.add(rejects("user NUL in email", "email", "\\u0000",
                db -> db.users().create(NewUser.of("bob").withEmail(NUL + "@example.com")
                        .withPassword("secret-password"))));
        c.add(rejects("user short password", "password", "",
                db -> db.users().create(NewUser.of("bob").withEmail("bob@example.com").withPassword("x"))));
        c.add(rejects("user unpaired surrogate password", "password", "unpaired",
                db -> db.users().create(NewUser.of("bob").withEmail("bob@example.com")
                        .withPassword("long-enough-" + SURROGATE))));
        c.add(stores("user password with quotes, SQL and a surrogate pair authenticates with exactly that text", db -> {
            String pw = QUOTES + SQL_INJECTION + "\uD83D\uDE00";
            db.users().create(NewUser.of("bob").withEmail("bob@example.com").withPassword(pw));
            assertThat(db.users().authenticate("bob", pw)).isPresent();
            assertThat(db.users().authenticate("bob", QUOTES + SQL_INJECTION + "??")).isEmpty();
        }));
        // config
        c.add(refusesNull("config null key", "key", db -> db.config().set(null, "v")));
        c.add(rejects("config negative retention", "log_retention_days", "-1",
                db -> db.config().set("log_retention_days", "-1")));
        c.add(rejects("config non-numeric max entries", "max_log_entries", "lots",
                db -> db.config().set("max_log_entries", "lots")));
        c.add(rejects("config huge retention", "log_retention_days", "99999999999999999999",
                db -> db.config().set("log_retention_days", "99999999999999999999")));
        c.add(stores("config free key with quotes and SQL stored verbatim", db -> {
            db.config().set("custom.key", QUOTES + SQL_INJECTION);
            assertThat(db.config().get("custom.key")).contains(QUOTES + SQL_INJECTION);
        }));
        // NUL, lone surrogates and 1 MB values in free text
        c.add(rejects("mock response body with NUL", "body", "\\u0000",
                db -> db.mockResponses().add(SERVER, MockResponseSpec.of("GET", "/n").withResponse(200, NUL))));
        c.add(rejects("mock response body with lone surrogate", "body", "unpaired",
                db -> db.mockResponses().add(SERVER, MockResponseSpec.of("GET", "/s").withResponse(200, SURROGATE))));
        c.add(rejects("mock response 1 MB body", "body", "1000000 characters",
                db -> db.mockResponses().add(SERVER, MockResponseSpec.of("GET", "/m").withResponse(200, MEGA))));
        // one NUL rule on every database, for writing as for filtering
        c.add(rejects("log request body with NUL", "requestBody", "\\u0000",
                db -> db.requestLogs().append(RequestLog.builder("GET", "/n", 200).requestBody(NUL).build())));
        c.add(rejects("log path with NUL", "path", "\\u0000",
                db -> db.requestLogs().append(RequestLog.builder("GET", "/" + NUL, 200).build())));
        c.add(rejects("log header name with NUL", "headers", "\\u0000", db -> db.requestLogs().append(
                RequestLog.builder("GET", "/n", 200).headers(Map.of("X-" + NUL, List.of("v"))).build())));
        c.add(rejects("log path over 8192 characters", "path", "must be at most 8192 characters",
                db -> db.requestLogs().append(RequestLog.builder("GET", "/" + MEGA, 200).build())));
        c.add(rejects("cleanup before the year 1", "olderThan", "must be between",
                db -> db.requestLogs().cleanup(java.time.Instant.MIN)));
        c.add(stores("log 1 MB body stored verbatim or cut with the documented marker", db -> {
            long id = db.requestLogs().append(RequestLog.builder("GET", "/m", 200).responseBody(MEGA).build()).orElseThrow();
            String body = db.requestLogs().get(id).responseBody();
            if (!body.equals(MEGA)) {
                assertThat(body).startsWith("mmmm").contains("truncated");
            }
        }));
        c.add(rejects("log header with lone surrogate", "headers.X", "unpaired",
                db -> db.requestLogs().append(RequestLog.builder("GET", "/s", 200).header("X", SURROGATE).build())));
        c.add(rejects("server name with lone surrogate", "name", "unpaired",
                db -> db.servers().register(ServerRegistration.of(SURROGATE, "spec.yaml", "out"))));
        c.add(rejects("config value with lone surrogate", "value", "unpaired",
                db -> db.config().set("custom.s", SURROGATE)));
        c.add(rejects("scenario creator with NUL", "createdBy", "\\u0000",
                db -> db.scenarios().create(NewScenario.of(SERVER, "c", ScenarioConfig.empty()).withCreatedBy(NUL))));
        c.add(rejects("config value with NUL", "value", "\\u0000", db -> db.config().set("custom.nul", NUL)));
        c.add(rejects("config 1 MB value", "value", "1000000 characters", db -> db.config().set("custom.mega", MEGA)));
        c.add(rejects("scenario description with NUL", "description", "\\u0000",
                db -> db.scenarios().create(NewScenario.of(SERVER, "d", ScenarioConfig.empty()).withDescription(NUL))));
        c.add(stores("server config with NUL", db -> {
            db.servers().updateConfig(SERVER, Map.of("k", NUL));
            assertThat(db.servers().get(SERVER).config()).containsEntry("k", NUL);
        }));
        c.add(rejects("server spec content 1 MB", "specContent", "1000000 characters",
                db -> db.servers().register(ServerRegistration.of("big", "spec.yaml", "out").withSpecContent(MEGA))));
        c.add(stores("user email with quotes", db -> {
            var u = db.users().create(NewUser.of("eve").withEmail("o'brien@example.com")
                    .withPassword("secret-password"));
            assertThat(db.users().get(u.id()).email()).contains("o'brien@example.com");
        }));
        c.add(stores("log server id SQL injection", db -> {
            long id = db.requestLogs().append(RequestLog.builder("GET", "/x", 200).serverId(SQL_INJECTION).build()).orElseThrow();
            assertThat(db.requestLogs().get(id).serverId()).isEqualTo(SQL_INJECTION);
        }));
        c.add(stores("webhook header with SQL", db -> {
            var w = db.webhooks().create(SERVER, WebhookSpec.of("w", "http://localhost/h", "request.received")
                    .withHeaders(Map.of("X-Q", QUOTES + SQL_INJECTION)));
            assertThat(db.webhooks().get(w.id()).headers()).containsEntry("X-Q", QUOTES + SQL_INJECTION);
        }));
        c.add(rejects("log page huge size", "size", "2147483647",
                db -> db.requestLogs().page(LogFilter.ALL, Integer.MAX_VALUE)));
        c.add(rejects("config huge max entries", "max_log_entries", "99999999999999999999999",
                db -> db.config().set("max_log_entries", "99999999999999999999999")));
        // builder and YAML
        c.add(rejects("builder wrong JDBC URL", ConfigurationException.class, "url", "jdbc:nosuchdb",
                db -> MockLoopDb.builder().url("jdbc:nosuchdb://x/y").build().close()));
        c.add(rejects("builder non-JDBC URL", ConfigurationException.class, "url", "http://example",
                db -> MockLoopDb.builder().url("http://example.com/db").build().close()));
        c.add(rejects("builder pool size 0", ConfigurationException.class, "poolSize", "0",
                db -> MockLoopDb.builder().inMemory().poolSize(0).build().close()));
        c.add(rejects("builder pool size negative", ConfigurationException.class, "poolSize", "-4",
                db -> MockLoopDb.builder().inMemory().poolSize(-4).build().close()));
        c.add(rejects("builder negative pool timeout", ConfigurationException.class, "poolTimeout", "-",
                db -> MockLoopDb.builder().inMemory().poolTimeout(Duration.ofSeconds(-1)).build().close()));
        c.add(rejects("builder malformed YAML", ConfigurationException.class, "yaml", "bad.yaml",
                db -> MockLoopDb.builder().yaml(yaml("bad.yaml", "database: [unclosed\n  url: :"), Map.of()).build().close()));
        c.add(rejects("builder YAML with wrong pool size type", ConfigurationException.class, "pool", "many",
                db -> MockLoopDb.builder().yaml(yaml("pool.yaml", "database:\n  url: \"jdbc:sqlite::memory:\"\n  pool_size: many\n"),
                        Map.of()).build().close()));
        // malformed URLs: refused by the driver's own parser before any connection attempt (issue 17)
        c.add(rejects("builder PostgreSQL URL with a port that is not a number", ConfigurationException.class, "url",
                "jdbc:postgresql://host:notaport/db",
                db -> MockLoopDb.builder().url("jdbc:postgresql://host:notaport/db").build().close()));
        c.add(rejects("builder PostgreSQL URL with port 99999", ConfigurationException.class, "url", "99999",
                db -> MockLoopDb.builder().url("jdbc:postgresql://127.0.0.1:99999/db?password=s3cret").build().close()));
        c.add(rejects("builder MariaDB URL with a port that is not a number", ConfigurationException.class, "url",
                "notaport", db -> MockLoopDb.builder().url("jdbc:mariadb://host:notaport/db").build().close()));
        c.add(rejects("builder MySQL URL with a port that is not a number", ConfigurationException.class, "url",
                "notaport", db -> MockLoopDb.builder().url("jdbc:mysql://host:notaport/db").build().close()));
        c.add(rejects("builder MariaDB URL without a host", ConfigurationException.class, "url", "jdbc:mariadb:garbage",
                db -> MockLoopDb.builder().url("jdbc:mariadb:garbage").build().close()));
        // timeouts (issue 17)
        c.add(rejects("builder statement timeout 0", ConfigurationException.class, "statementTimeout", "PT0S",
                db -> MockLoopDb.builder().inMemory().statementTimeout(Duration.ZERO).build().close()));
        c.add(rejects("builder negative connect timeout", ConfigurationException.class, "connectTimeout", "PT-1S",
                db -> MockLoopDb.builder().inMemory().connectTimeout(Duration.ofSeconds(-1)).build().close()));
        c.add(rejects("builder socket timeout below the statement timeout", ConfigurationException.class,
                "socketTimeout", "PT10S",
                db -> MockLoopDb.builder().inMemory().socketTimeout(Duration.ofSeconds(10)).build().close()));
        c.add(rejects("builder YAML statement timeout that is not a duration", ConfigurationException.class,
                "database.statement_timeout", "soon",
                db -> MockLoopDb.builder().yaml(yaml("timeout.yaml", "database:\n  type: sqlite\n"
                        + "  statement_timeout: soon\n"), Map.of()).build().close()));
        c.add(rejects("builder environment socket timeout that is not a duration", ConfigurationException.class,
                "MOCKLOOP_DB_SOCKET_TIMEOUT", "forever",
                db -> MockLoopDb.builder().environment(Map.of("MOCKLOOP_DB_SOCKET_TIMEOUT", "forever")).build()
                        .close()));
        return c;
    }

    private static Path yaml(String name, String text) throws Exception {
        Path dir = Files.createTempDirectory("badinput");
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private static Map<String, Integer> snapshot(MockLoopDb db) {
        var dsl = InternalAccess.dsl(db);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String t : TestSupport.TABLES_CHILDREN_FIRST) {
            counts.put(t, dsl.fetchCount(DSL.table(DSL.name(t))));
        }
        return counts;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("corpus")
    void eachBadInputIsRefusedByNameOrStoredVerbatim(DbTarget target, Case testCase) throws Exception {
        MockLoopDb db = TestDatabase.fresh(target);
        db.servers().register(ServerRegistration.of("Server", "spec.yaml", "out").withId(SERVER));
        db.scenarios().create(NewScenario.of(SERVER, "base", ScenarioConfig.empty()));
        if (testCase.field() == null) {
            testCase.call().run(db);
            return;
        }
        Map<String, Integer> before = snapshot(db);
        assertThatThrownBy(() -> testCase.call().run(db))
                .isInstanceOf(testCase.type())
                .hasMessageContaining(testCase.field())
                .hasMessageContaining(testCase.fragment());
        assertThat(snapshot(db)).isEqualTo(before);
    }
}
