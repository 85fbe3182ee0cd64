package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.NotFoundException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import io.mockloop.db.testing.TestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Contract of {@link RequestLogStore} on every database target, PostgreSQL with a partitioned request_logs
 * included (every query, count, statistic, export and retention must return the same); the async writer's own
 * tests skip that target, its inserts being those of appendAll.
 */
class RequestLogStoreTest {

    static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

    static RequestLog.Builder log(int i) {
        return RequestLog.builder("GET", "/pets/" + i, 200).timestamp(T0.plusSeconds(i)).serverId("petstore")
                .responseTimeMs(10 + i % 7);
    }

    static List<RequestLog> logs(int n) {
        List<RequestLog> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(log(i).build());
        }
        return out;
    }

    // ------------------------------------------------------------------ ingest and rules

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void anAppendedLogReadsBackWithEveryColumn(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        RequestLog in = RequestLog.builder("POST", "/pets", 201)
                .timestamp(Instant.parse("2026-07-04T12:34:56.789Z"))
                .queryParam("tag", "cat", "dog").queryParam("limit", "10")
                .header("Content-Type", "application/json").header("Accept", "a", "b")
                .requestBody("{\"name\":\"Rex\"}")
                .responseHeader("Location", "/pets/7")
                .responseBody("{\"id\":7}")
                .responseTimeMs(42).serverId("petstore").clientIp("2001:db8::1").userAgent("curl/8")
                .requestId("req-1").scenarioName("happy").build();

        long id = db.requestLogs().append(in).orElseThrow();
        RequestLog out = db.requestLogs().get(id);

        assertThat(in.id()).as("a log not yet stored has no id").isEmpty();
        assertThat(out.id()).hasValue(id);
        assertThat(id).isPositive();
        assertThat(out.timestamp()).isEqualTo(in.timestamp());
        assertThat(out.method()).isEqualTo("POST");
        assertThat(out.path()).isEqualTo("/pets");
        assertThat(out.queryParams()).containsExactly(Map.entry("tag", List.of("cat", "dog")),
                Map.entry("limit", List.of("10")));
        assertThat(out.headers()).isEqualTo(in.headers());
        assertThat(out.requestBody()).isEqualTo(in.requestBody());
        assertThat(out.responseStatus()).isEqualTo(201);
        assertThat(out.responseHeaders()).isEqualTo(Map.of("Location", List.of("/pets/7")));
        assertThat(out.responseBody()).isEqualTo("{\"id\":7}");
        assertThat(out.responseTimeMs()).isEqualTo(42);
        assertThat(out.serverId()).isEqualTo("petstore");
        assertThat(out.clientIp()).isEqualTo("2001:db8::1");
        assertThat(out.userAgent()).isEqualTo("curl/8");
        assertThat(out.requestId()).isEqualTo("req-1");
        assertThat(out.scenarioName()).isEqualTo("happy");
        assertThat(out.createdAt()).isNotNull();
        assertThat(out.updatedAt()).isEqualTo(out.createdAt());
        assertThat(db.requestLogs().find(id + 1000)).isEmpty();
        assertThatThrownBy(() -> db.requestLogs().get(id + 1000)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(String.valueOf(id + 1000));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void pagesAndListsReadBackExactlyTheMapsThatWereAppendedInOrderAndDeeplyImmutable(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        Map<String, List<String>> many = new LinkedHashMap<>();
        many.put("X-Zeta", List.of("z"));
        many.put("Accept", List.of("text/html", "application/json", "*/*"));
        many.put("X-Empty-Value", List.of(""));
        many.put("X-No-Values", List.of());
        many.put("X-Ünïcödé-😀", List.of("ünïcödé 😀 \"quoted\" \\ back\tslash", "日本語"));
        many.put("a", List.of("1", "1", "1"));
        List<RequestLog> in = List.of(
                RequestLog.builder("GET", "/many", 200).timestamp(T0).headers(many).queryParams(many)
                        .responseHeaders(many).serverId("rt").build(),
                RequestLog.builder("GET", "/empty", 204).timestamp(T0.plusSeconds(1)).serverId("rt").build(),
                RequestLog.builder("GET", "/one", 200).timestamp(T0.plusSeconds(2)).serverId("rt")
                        .header("Set-Cookie-Like", "a=1", "b=2").queryParam("q", "ü").responseHeader("Vary", "*")
                        .build());
        db.requestLogs().withPolicy(LogPolicy.NONE).appendAll(in);

        LogFilter mine = LogFilter.builder().server("rt").oldestFirst().build();
        LogPage first = db.requestLogs().page(mine, 2);
        LogPage second = db.requestLogs().page(mine, 2, first.nextCursor().orElseThrow());
        List<RequestLog> paged = new ArrayList<>(first.items());
        paged.addAll(second.items());
        for (List<RequestLog> read : List.of(paged, db.requestLogs().list(mine, 10))) {
            assertThat(read).hasSize(3);
            for (int i = 0; i < 3; i++) {
                RequestLog out = read.get(i);
                List<Map<String, List<String>>> got = List.of(out.headers(), out.queryParams(), out.responseHeaders());
                List<Map<String, List<String>>> sent = List.of(in.get(i).headers(), in.get(i).queryParams(),
                        in.get(i).responseHeaders());
                for (int j = 0; j < 3; j++) {
                    Map<String, List<String>> m = got.get(j);
                    Map<String, List<String>> expected = sent.get(j);
                    assertThat(m).as("%s of %s", m, out.path()).isEqualTo(expected);
                    assertThat(new ArrayList<>(m.keySet())).as("name order").isEqualTo(new ArrayList<>(expected.keySet()));
                    assertThatThrownBy(() -> m.put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
                    m.values().forEach(v -> assertThatThrownBy(() -> v.add("x"))
                            .isInstanceOf(UnsupportedOperationException.class));
                }
            }
        }
        RequestLog many1 = paged.get(0);
        assertThat(many1.headers().get("X-No-Values")).isEmpty();
        assertThat(many1.headers().get("X-Empty-Value")).containsExactly("");
        assertThat(paged.get(1).headers()).isEmpty();
        assertThat(many1.toBuilder().build().headers()).as("a log's own maps are not copied again")
                .isSameAs(many1.headers());
    }

    /**
     * A stored log's maps are parsed when first used: many threads using the same logs' maps for the first time at
     * once all see the whole maps, in order, and a log's own map stays the one instance it hands out.
     */
    @org.junit.jupiter.api.Test
    void mapsOfStoredLogsParsedOnFirstUseAreWholeFromEveryThread() throws Exception {
        MockLoopDb db = TestDatabase.fresh(DbTarget.SQLITE_MEMORY);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            headers.put("X-H" + i, List.of("v" + i, "w" + i));
        }
        List<RequestLog> in = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            in.add(RequestLog.builder("GET", "/p" + i, 200).headers(headers).queryParam("q", "" + i).build());
        }
        db.requestLogs().withPolicy(LogPolicy.NONE).appendAll(in);
        for (int round = 0; round < 20; round++) {
            List<RequestLog> read = db.requestLogs().list(LogFilter.ALL, 50);
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(4);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<Map<String, List<String>>>>> seen = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    seen.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        List<Map<String, List<String>>> maps = new ArrayList<>();
                        for (RequestLog log : read) {
                            maps.add(log.headers());
                            assertThat(new ArrayList<>(log.headers().keySet()))
                                    .isEqualTo(new ArrayList<>(headers.keySet()));
                            assertThat(log.queryParams()).hasSize(1);
                        }
                        return maps;
                    }));
                }
                List<Map<String, List<String>>> first = seen.get(0).get(10, TimeUnit.SECONDS);
                for (Future<List<Map<String, List<String>>>> f : seen) {
                    List<Map<String, List<String>>> maps = f.get(10, TimeUnit.SECONDS);
                    for (int i = 0; i < maps.size(); i++) {
                        assertThat(maps.get(i)).isSameAs(first.get(i)).isEqualTo(headers);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void aLogWithoutTimestampOrOptionalFieldsIsStoredWithNow(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        Instant before = Instant.now().minusSeconds(1);
        long id = db.requestLogs().append(RequestLog.builder("get", "/", 204).build()).orElseThrow();
        RequestLog out = db.requestLogs().get(id);
        assertThat(out.timestamp()).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(out.method()).isEqualTo("get");
        assertThat(out.headers()).isEmpty();
        assertThat(out.queryParams()).isEmpty();
        assertThat(out.responseTimeMs()).isNull();
        assertThat(out.requestBody()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void everyWriteRuleIsRefusedNamingFieldAndValue(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        RequestLogStore store = db.requestLogs();
        Map<RequestLog, String> cases = new java.util.LinkedHashMap<>();
        cases.put(log(1).method("GE T").build(), "method must be an HTTP token of 1 to 10 characters (was 'GE T')");
        cases.put(log(1).method("PROPPATCHXX").build(),
                "method must be an HTTP token of 1 to 10 characters (was 'PROPPATCHXX')");
        cases.put(log(1).method(null).build(), "method must be an HTTP token of 1 to 10 characters (was null)");
        cases.put(log(1).responseStatus(99).build(), "responseStatus must be 100 to 599 (was 99)");
        cases.put(log(1).responseStatus(600).build(), "responseStatus must be 100 to 599 (was 600)");
        cases.put(log(1).responseTimeMs(-1).build(), "responseTimeMs must be >= 0 (was -1)");
        cases.put(log(1).path(null).build(), "path must not be blank (was null)");
        cases.put(log(1).path("  ").build(), "path must not be blank (was '  ')");
        cases.put(log(1).path("/pets?limit=1").build(),
                "path must not contain a query string (put it in queryParams) (was '/pets?limit=1')");
        cases.put(log(1).clientIp("x".repeat(46)).build(), "clientIp must be at most 45 characters");
        cases.put(log(1).serverId("s".repeat(256)).build(), "serverId must be at most 255 characters");
        cases.forEach((bad, message) -> assertThatThrownBy(() -> store.append(bad))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith(message));
        assertThat(store.count(LogFilter.ALL)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void appendAllWritesNothingWhenOneLogBreaksARule(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        List<RequestLog> batch = new ArrayList<>(logs(1_500));
        batch.set(1_200, log(1_200).responseStatus(700).build());
        assertThatThrownBy(() -> db.requestLogs().appendAll(batch)).isInstanceOf(ValidationException.class)
                .hasMessage("logs[1200].responseStatus must be 100 to 599 (was 700)")
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("logs[1200].responseStatus");
        assertThat(db.requestLogs().count(LogFilter.ALL)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void appendAllWritesEveryLogOfSeveralBatches(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        assertThat(db.requestLogs().appendAll(logs(2_345))).isEqualTo(2_345);
        assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(2_345);
        assertThat(db.requestLogs().appendAll(List.of())).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void appendAllJoinsTheCallersTransaction(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        assertThatThrownBy(() -> db.useTransaction(tx -> {
            tx.requestLogs().appendAll(logs(10));
            assertThat(tx.requestLogs().count(LogFilter.ALL)).isEqualTo(10);
            throw new IllegalStateException("roll back");
        })).hasMessageContaining("roll back");
        assertThat(db.requestLogs().count(LogFilter.ALL)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void theDefaultPolicyRedactsCredentialsAndAPolicyTruncatesAndExcludes(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        long id = db.requestLogs().append(log(1).header("authorization", "Bearer secret")
                .header("Cookie", "s=1").header("Accept", "*/*").responseHeader("Set-Cookie", "s=2")
                .queryParam("api_key", "k").build()).orElseThrow();
        RequestLog stored = db.requestLogs().get(id);
        assertThat(stored.headers()).containsEntry("authorization", List.of("[REDACTED]"))
                .containsEntry("Cookie", List.of("[REDACTED]")).containsEntry("Accept", List.of("*/*"));
        assertThat(stored.responseHeaders()).containsEntry("Set-Cookie", List.of("[REDACTED]"));
        assertThat(stored.queryParams()).containsEntry("api_key", List.of("[REDACTED]")); // redacted by default

        RequestLogStore strict = db.requestLogs().withPolicy(LogPolicy.DEFAULTS
                .withRedactedQueryParams(Set.of("SESSION")).withMaxBodyChars(100)
                .withExcludedPaths(Set.of("/health", "/internal/*")).withExcludedMethods(Set.of("options")));
        long id2 = strict.append(log(2).queryParam("session", "k").queryParam("api_key", "kept").requestBody(
                "x".repeat(150)).build()).orElseThrow();
        RequestLog cut = db.requestLogs().get(id2);
        assertThat(cut.queryParams()).containsEntry("session", List.of("[REDACTED]"))
                .as("the policy's own list replaces the defaults").containsEntry("api_key", List.of("kept"));
        assertThat(cut.requestBody()).isEqualTo("x".repeat(100) + "…[truncated 50 chars]");
        assertThat(strict.append(log(3).path("/health").build())).isEmpty();
        assertThat(strict.append(log(4).path("/internal/metrics").build())).isEmpty();
        assertThat(strict.append(log(5).method("OPTIONS").build())).isEmpty();
        assertThat(strict.appendAll(List.of(log(6).path("/health").build(), log(7).build()))).isEqualTo(1);
        assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void bodiesAreCutToWhatTheDatabaseCanHold(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        String body = "é".repeat(30_000);
        long id = db.requestLogs().append(log(1).responseBody(body).build()).orElseThrow();
        String stored = db.requestLogs().get(id).responseBody();
        if (target == DbTarget.MYSQL || target == DbTarget.MARIADB) {
            assertThat(stored).isEqualTo("é".repeat(21_000) + "…[truncated 9000 chars]");
        } else {
            assertThat(stored).isEqualTo(body);
        }
    }

    // ------------------------------------------------------------------ queries

    static void fixture(MockLoopDb db) {
        List<RequestLog> rows = new ArrayList<>();
        rows.add(RequestLog.builder("GET", "/pets", 200).timestamp(T0).serverId("a").responseTimeMs(10)
                .clientIp("10.0.0.1").scenarioName("happy").requestId("r1").responseBody("[{\"name\":\"Rex\"}]").build());
        rows.add(RequestLog.builder("GET", "/pets/1", 404).timestamp(T0.plusSeconds(60)).serverId("a")
                .responseTimeMs(20).clientIp("10.0.0.2").requestId("r2").build());
        rows.add(RequestLog.builder("POST", "/pets", 201).timestamp(T0.plusSeconds(120)).serverId("a")
                .responseTimeMs(30).requestBody("{\"name\":\"Felix\"}").build());
        rows.add(RequestLog.builder("DELETE", "/pets/1", 500).timestamp(T0.plusSeconds(180)).serverId("b")
                .responseTimeMs(40).scenarioName("outage").build());
        rows.add(RequestLog.builder("GET", "/stores/1/pets_x", 302).timestamp(T0.plusSeconds(240)).serverId("b")
                .responseTimeMs(50).build());
        rows.add(RequestLog.builder("PUT", "/pets/22", 503).timestamp(T0.plusSeconds(300)).serverId("b").build());
        db.requestLogs().withPolicy(LogPolicy.NONE).appendAll(rows);
    }

    static List<String> paths(MockLoopDb db, LogFilter f) {
        List<String> viaPage = db.requestLogs().page(f, 100).items().stream()
                .map(l -> l.method() + " " + l.path()).toList();
        assertThat(db.requestLogs().count(f)).as("count of %s", f).isEqualTo(viaPage.size());
        return viaPage;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void everyFilterRunsInSqlAndCountAgreesWithThePage(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        fixture(db);
        assertThat(paths(db, LogFilter.ALL)).containsExactly("PUT /pets/22", "GET /stores/1/pets_x",
                "DELETE /pets/1", "POST /pets", "GET /pets/1", "GET /pets");
        assertThat(paths(db, LogFilter.builder().oldestFirst().build())).startsWith("GET /pets", "GET /pets/1");
        assertThat(paths(db, LogFilter.builder().server("b").build())).hasSize(3);
        assertThat(paths(db, LogFilter.builder().methods("get", "POST").build())).hasSize(4);
        assertThat(paths(db, LogFilter.builder().path("/pets").build())).containsExactly("POST /pets", "GET /pets");
        assertThat(paths(db, LogFilter.builder().pathPrefix("/pets/").build())).hasSize(3);
        assertThat(paths(db, LogFilter.builder().pathPrefix("/stores/1/pets_").build())).hasSize(1);
        assertThat(paths(db, LogFilter.builder().pathPrefix("/pets_").build())).isEmpty();
        assertThat(paths(db, LogFilter.builder().pathGlob("/pets/?").build())).containsExactly("DELETE /pets/1",
                "GET /pets/1");
        assertThat(paths(db, LogFilter.builder().pathGlob("/stores/*_x").build())).hasSize(1);
        assertThat(paths(db, LogFilter.builder().pathGlob("/stores/1_pets*").build())).isEmpty();
        assertThat(paths(db, LogFilter.builder().pathRegex("^/pets/[0-9]+$").build())).containsExactly(
                "PUT /pets/22", "DELETE /pets/1", "GET /pets/1");
        assertThat(paths(db, LogFilter.builder().pathRegex("[0-9]{2}").build())).containsExactly("PUT /pets/22");
        assertThat(paths(db, LogFilter.builder().status(404).build())).containsExactly("GET /pets/1");
        assertThat(paths(db, LogFilter.builder().statusClass(5).build())).hasSize(2);
        assertThat(paths(db, LogFilter.builder().statusBetween(300, 499).build())).hasSize(2);
        assertThat(paths(db, LogFilter.builder().responseTimeBetween(20, 40).build())).hasSize(3);
        assertThat(paths(db, LogFilter.builder().responseTimeAtLeast(45).build())).hasSize(1);
        assertThat(paths(db, LogFilter.builder().from(T0.plusSeconds(60)).to(T0.plusSeconds(180)).build()))
                .containsExactly("POST /pets", "GET /pets/1");
        assertThat(paths(db, LogFilter.builder().clientIp("10.0.0.2").build())).containsExactly("GET /pets/1");
        assertThat(paths(db, LogFilter.builder().scenario("outage").build())).containsExactly("DELETE /pets/1");
        assertThat(paths(db, LogFilter.builder().requestId("r1").build())).containsExactly("GET /pets");
        assertThat(paths(db, LogFilter.builder().containing("felix").build())).containsExactly("POST /pets");
        assertThat(paths(db, LogFilter.builder().containing("REX").build())).containsExactly("GET /pets");
        assertThat(paths(db, LogFilter.builder().containing("STORES").build())).hasSize(1);
        assertThat(paths(db, LogFilter.builder().server("a").statusClass(2).methods("GET").build()))
                .containsExactly("GET /pets");
        assertThat(db.requestLogs().list(LogFilter.builder().oldestFirst().build(), 2)).extracting(RequestLog::path)
                .containsExactly("/pets", "/pets/1");
        assertThat(db.requestLogs().stream(LogFilter.builder().server("a").build()).count()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void contradictoryFiltersAndBadCursorsAreRefused(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        assertThatThrownBy(() -> LogFilter.builder().statusBetween(500, 400).build())
                .isInstanceOf(ValidationException.class).hasMessage("maxStatus must be >= minStatus 500 (was 400)");
        assertThatThrownBy(() -> LogFilter.builder().from(T0).to(T0).build())
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("to must be after from");
        assertThatThrownBy(() -> LogFilter.builder().pathRegex("([a").build())
                .isInstanceOf(ValidationException.class).hasMessage("path must be a valid regular expression (was '([a')");
        assertThatThrownBy(() -> db.requestLogs().page(LogFilter.ALL, 10, "garbage"))
                .isInstanceOf(ValidationException.class).hasMessage("cursor must be a cursor returned by page() (was 'garbage')");
        assertThatThrownBy(() -> db.requestLogs().page(LogFilter.ALL, 0))
                .isInstanceOf(ValidationException.class).hasMessage("size must be 1 to 10000 (was 0)");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void aPageWalkWhileLogsAreAppendedReturnsEveryRowExactlyOnce(DbTarget target) throws Exception {
        MockLoopDb db = TestDatabase.fresh(target);
        List<RequestLog> rows = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // ten rows per timestamp: the id breaks the ties
            rows.add(log(i).timestamp(T0.plusMillis(i / 10)).build());
        }
        db.requestLogs().appendAll(rows);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<Integer> appender = pool.submit(() -> {
            int n = 0;
            while (!stop.get()) {
                db.requestLogs().append(log(10_000 + n).timestamp(Instant.now()).build());
                n++;
            }
            return n;
        });
        try {
            for (LogFilter.Order order : LogFilter.Order.values()) {
                LogFilter f = LogFilter.builder().to(T0.plusSeconds(3600)).build().toBuilder().build();
                f = order == LogFilter.Order.OLDEST_FIRST ? f.toBuilder().oldestFirst().build() : f;
                Set<Long> seen = new HashSet<>();
                List<Long> walked = new ArrayList<>();
                String cursor = null;
                int pages = 0;
                do {
                    LogPage page = cursor == null ? db.requestLogs().page(f, 77) : db.requestLogs().page(f, 77, cursor);
                    page.items().forEach(l -> walked.add(l.id().orElseThrow()));
                    cursor = page.nextCursor().orElse(null);
                    pages++;
                    assertThat(pages).as("pages walked, last cursor %s, last page %s", cursor,
                            page.items().stream().map(l -> l.timestamp() + "#" + l.id()).toList()).isLessThan(40);
                } while (cursor != null);
                seen.addAll(walked);
                assertThat(walked).as(order.name()).hasSize(2_000);
                assertThat(seen).hasSize(2_000);
                assertThat(pages).isEqualTo(26);
            }
        } finally {
            stop.set(true);
            assertThat(appender.get(30, TimeUnit.SECONDS)).isPositive();
            pool.shutdown();
        }
        assertThat(db.requestLogs().stream(LogFilter.builder().to(T0.plusSeconds(3600)).oldestFirst().build())
                .map(RequestLog::id).distinct().count()).isEqualTo(2_000);
    }

    // ------------------------------------------------------------------ async writer

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void flushThenCountEqualsWhatEightThreadsEnqueued(DbTarget target) throws Exception {
        MockLoopDb db = TestDatabase.fresh(target);
        try (LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS.withCapacity(500)
                .withBatchSize(200).withLinger(Duration.ofMillis(5)))) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        writer.enqueue(log(thread * 1_000 + i).header("X-Api-Key", "k").build());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            writer.flush();
            assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(2_000);
            WriterStats stats = writer.stats();
            assertThat(stats.enqueued()).isEqualTo(2_000);
            assertThat(stats.written()).isEqualTo(2_000);
            assertThat(stats.dropped()).isZero();
            assertThat(stats.queueDepth()).isZero();
            assertThat(db.requestLogs().list(LogFilter.ALL, 1).get(0).headers())
                    .containsEntry("X-Api-Key", List.of("[REDACTED]"));
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void theWriterRefusesBadLogsOnTheCallersThreadAndSkipsExcludedOnes(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS
                .withPolicy(LogPolicy.DEFAULTS.withExcludedPaths(Set.of("/health"))));
        assertThatThrownBy(() -> writer.enqueue(log(1).responseStatus(42).build()))
                .isInstanceOf(ValidationException.class).hasMessage("responseStatus must be 100 to 599 (was 42)");
        writer.enqueue(log(2).path("/health").build());
        writer.enqueue(log(3).build());
        writer.flush();
        assertThat(writer.stats().excluded()).isEqualTo(1);
        assertThat(writer.stats().written()).isEqualTo(1);
        writer.close();
        writer.close();
        assertThatThrownBy(() -> writer.enqueue(log(4).build()))
                .isInstanceOf(io.mockloop.db.StoreUnavailableException.class).hasMessageContaining("closed");
    }

    // a row that passes every rule of the library and that the database still refuses (here: a CHECK constraint the
    // test adds; SQLite reports constraint failures without an SQLState, so its writer cannot tell them from
    // transient ones and it is not a target here)
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"POSTGRESQL", "MYSQL", "MARIADB"})
    void rowsTheDatabaseRefusesAreDroppedWithoutHoldingUpTheirBatch(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        TestSupport.execute(db, "ALTER TABLE request_logs ADD CONSTRAINT test_refuses CHECK (path <> '/refused')");
        try (LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS)) {
            writer.enqueue(log(1).build());
            writer.enqueue(log(2).path("/refused").build());
            writer.enqueue(log(3).build());
            writer.flush();
            assertThat(writer.stats().written()).isEqualTo(2);
            assertThat(writer.stats().dropped()).isEqualTo(1);
            assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(2);
        } finally {
            TestSupport.execute(db, "ALTER TABLE request_logs DROP CONSTRAINT test_refuses");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void closingTheDatabaseDrainsTheWriter(DbTarget target) {
        try (TestDatabase tdb = TestDatabase.create(target)) {
            LogWriter writer;
            try (MockLoopDb db = tdb.builder().build()) {
                writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS.withBatchSize(100)
                        .withLinger(Duration.ofSeconds(2)));
                for (int i = 0; i < 750; i++) {
                    writer.enqueue(log(i).build());
                }
            }
            assertThat(writer.stats().written()).isEqualTo(750);
            assertThat(writer.stats().dropped()).isZero();
            if (target != DbTarget.SQLITE_MEMORY) {
                try (MockLoopDb again = tdb.builder().build()) {
                    assertThat(again.requestLogs().count(LogFilter.ALL)).isEqualTo(750);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aFailingBatchIsRetriedUntilTheDatabaseIsBackAndAFullQueueDropsTheNewest(DbTarget target) {
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS.withCapacity(5)
                    .withOverflow(WriterSettings.Overflow.DROP_NEWEST).withLinger(Duration.ZERO)
                    .withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)));
            // the table disappears as it would while the database is being restored or restarted
            TestSupport.execute(db, "ALTER TABLE request_logs RENAME TO request_logs_away");
            try {
                assertThat(writer.enqueue(log(0).build())).isTrue();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (writer.stats().failed() < 2 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertThat(writer.stats().failed()).isGreaterThanOrEqualTo(2);
                for (int i = 1; i <= 5; i++) {
                    assertThat(writer.enqueue(log(i).build())).isTrue();
                }
                assertThat(writer.enqueue(log(6).build())).isFalse();
                assertThat(writer.stats().dropped()).isEqualTo(1);
                assertThat(writer.stats().queueDepth()).isEqualTo(5);
            } finally {
                TestSupport.execute(db, "ALTER TABLE request_logs_away RENAME TO request_logs");
            }
            assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();
            assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(6);
            assertThat(writer.stats().written()).isEqualTo(6);
            writer.close();
        }
    }

    // ------------------------------------------------------------------ statistics

    static void statsFixture(MockLoopDb db) {
        List<RequestLog> rows = new ArrayList<>();
        int[] times = {100, 20, 40, 10, 30};
        int[] statuses = {500, 200, 200, 200, 404};
        for (int i = 0; i < times.length; i++) {
            rows.add(RequestLog.builder("GET", "/a", statuses[i]).timestamp(T0.plusSeconds(i * 20L)).serverId("s")
                    .responseTimeMs(times[i]).build());
        }
        rows.add(RequestLog.builder("GET", "/a", 503).timestamp(T0.plusSeconds(130)).serverId("s").build());
        rows.add(RequestLog.builder("POST", "/b", 201).timestamp(T0.plusSeconds(150)).serverId("s")
                .responseTimeMs(7).build());
        rows.add(RequestLog.builder("GET", "/a", 200).timestamp(T0.plusSeconds(86_400)).serverId("t")
                .responseTimeMs(1).build());
        db.requestLogs().appendAll(rows);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void endpointStatsAndPercentilesAreTheSameNumbersOnEveryDatabase(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        statsFixture(db);
        List<EndpointStats> stats = db.requestLogs().endpointStats(LogFilter.builder().server("s").build());
        // percentile_cont: rank p * (n - 1) between closest ranks of 10, 20, 30, 40, 100; exact same doubles
        // everywhere (0.95 * 4 = 3.7999999999999998 in binary, hence 87.99999999999999, as PostgreSQL prints it)
        assertThat(stats).containsExactly(
                new EndpointStats("GET", "/a", 6, 3, 5, OptionalDouble.of(40.0), OptionalLong.of(10),
                        OptionalLong.of(100), OptionalDouble.of(30.0), OptionalDouble.of(87.99999999999999),
                        OptionalDouble.of(97.6)),
                new EndpointStats("POST", "/b", 1, 0, 1, OptionalDouble.of(7.0), OptionalLong.of(7),
                        OptionalLong.of(7), OptionalDouble.of(7.0), OptionalDouble.of(7.0), OptionalDouble.of(7.0)));
        assertThat(stats.get(0).errorRate()).isEqualTo(0.5);
        if (target.isPostgres()) {
            // the definition is PostgreSQL's own
            Object[] pg = io.mockloop.db.testing.InternalAccess.dsl(db).fetchOne("SELECT percentile_cont(0.5) WITHIN"
                    + " GROUP (ORDER BY response_time_ms), percentile_cont(0.95) WITHIN GROUP (ORDER BY"
                    + " response_time_ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY response_time_ms) FROM"
                    + " request_logs WHERE server_id = 's' AND path = '/a'").intoArray();
            assertThat(pg).extracting(o -> ((Number) o).doubleValue()).containsExactly(
                    stats.get(0).p50Ms().orElseThrow(), stats.get(0).p95Ms().orElseThrow(),
                    stats.get(0).p99Ms().orElseThrow());
        }
        assertThat(db.requestLogs().endpointStats(LogFilter.builder().server("nobody").build())).isEmpty();

        List<TimeBucket> buckets = db.requestLogs().timeBuckets(LogFilter.builder().server("s").build(),
                Duration.ofMinutes(1));
        assertThat(buckets).containsExactly(
                new TimeBucket(T0, 3, 1, OptionalDouble.of(94.0)),
                new TimeBucket(T0.plusSeconds(60), 2, 1, OptionalDouble.of(29.0)),
                new TimeBucket(T0.plusSeconds(120), 2, 1, OptionalDouble.of(7.0)));
        assertThatThrownBy(() -> db.requestLogs().timeBuckets(LogFilter.ALL, Duration.ofMillis(10)))
                .isInstanceOf(ValidationException.class).hasMessage("bucket must be at least 1 second (was PT0.01S)");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void figuresOfRequestsWithoutAResponseTimeAreEmptyNotZero(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        db.requestLogs().appendAll(List.of(RequestLog.builder("GET", "/untimed", 200).timestamp(T0).build(),
                RequestLog.builder("GET", "/untimed", 500).timestamp(T0.plusSeconds(1)).build()));
        DailySummary day = db.requestLogs().summary().get(0);
        assertThat(day.serverId()).isEmpty();
        assertThat(day.requestCount()).isEqualTo(2);
        assertThat(day.avgResponseTimeMs()).isEmpty();
        assertThat(day.minResponseTimeMs()).isEmpty();
        assertThat(day.maxResponseTimeMs()).isEmpty();
        EndpointStats e = db.requestLogs().endpointStats(LogFilter.ALL).get(0);
        assertThat(e.timedCount()).isZero();
        assertThat(List.of(e.avgMs(), e.p50Ms(), e.p95Ms(), e.p99Ms())).allMatch(OptionalDouble::isEmpty);
        assertThat(List.of(e.minMs(), e.maxMs())).allMatch(OptionalLong::isEmpty);
        assertThat(db.requestLogs().timeBuckets(LogFilter.ALL, Duration.ofMinutes(1)))
                .containsExactly(new TimeBucket(T0, 2, 1, OptionalDouble.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void theDailySummaryComesFromTheView(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        statsFixture(db);
        List<DailySummary> s = db.requestLogs().summary("s");
        assertThat(s).hasSize(2);
        DailySummary get = s.get(0);
        assertThat(get.serverId()).contains("s");
        assertThat(get.date()).isEqualTo(java.time.LocalDate.of(2026, 1, 15));
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.requestCount()).isEqualTo(6);
        assertThat(get.avgResponseTimeMs()).hasValue(40.0);
        assertThat(get.minResponseTimeMs()).hasValue(10);
        assertThat(get.maxResponseTimeMs()).hasValue(100);
        assertThat(get.errorCount()).isEqualTo(3);
        assertThat(get.successCount()).isEqualTo(3);
        assertThat(db.requestLogs().summary()).hasSize(3);
    }

    // ------------------------------------------------------------------ export

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void exportsStreamNdjsonCsvAndHar(DbTarget target) throws Exception {
        MockLoopDb db = TestDatabase.fresh(target);
        db.requestLogs().append(RequestLog.builder("POST", "/pets", 201).timestamp(T0).serverId("s")
                .header("Host", "api.test").header("Content-Type", "application/json")
                .queryParam("q", "a b").requestBody("{\"name\":\"Rex, \\\"the\\\" dog\"}\nline2")
                .responseHeader("Content-Type", "application/json").responseBody("{\"id\":1}").responseTimeMs(12)
                .build());
        db.requestLogs().append(RequestLog.builder("GET", "/pets", 200).timestamp(T0.plusSeconds(1)).serverId("s")
                .build());
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        LogFilter oldest = LogFilter.builder().oldestFirst().build();

        var nd = new java.io.ByteArrayOutputStream();
        assertThat(db.requestLogs().export(oldest, ExportFormat.NDJSON, nd)).isEqualTo(2);
        String[] lines = nd.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        var first = json.readTree(lines[0]);
        assertThat(first.get("method").asText()).isEqualTo("POST");
        assertThat(first.get("query_params").get("q").get(0).asText()).isEqualTo("a b");
        assertThat(first.get("timestamp").asText()).isEqualTo("2026-01-15T10:00:00Z");

        var csv = new java.io.ByteArrayOutputStream();
        db.requestLogs().export(oldest, ExportFormat.CSV, csv);
        String text = csv.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).startsWith("id,timestamp,method,path,query_params,headers,request_body,response_status,");
        assertThat(text).contains(",\"{\"\"name\"\":\"\"Rex, \\\"\"the\\\"\" dog\"\"}\nline2\",201,");
        assertThat(text.split("\r\n")).hasSize(3);

        var har = new java.io.ByteArrayOutputStream();
        db.requestLogs().export(oldest, ExportFormat.HAR, har);
        var log = json.readTree(har.toByteArray()).get("log");
        assertThat(log.get("version").asText()).isEqualTo("1.2");
        assertThat(log.get("creator").get("name").asText()).isEqualTo("mockloop-db");
        var entry = log.get("entries").get(0);
        assertThat(entry.get("startedDateTime").asText()).isEqualTo("2026-01-15T10:00:00Z");
        assertThat(entry.get("time").asInt()).isEqualTo(12);
        var req = entry.get("request");
        assertThat(req.get("url").asText()).isEqualTo("http://api.test/pets?q=a%20b"); // RFC 3986: %20
        assertThat(req.get("httpVersion").asText()).isEqualTo("HTTP/1.1");
        assertThat(req.get("queryString").get(0).get("value").asText()).isEqualTo("a b");
        assertThat(req.get("postData").get("mimeType").asText()).isEqualTo("application/json");
        assertThat(req.has("cookies") && req.has("headersSize") && req.has("bodySize")).isTrue();
        var res = entry.get("response");
        assertThat(res.get("status").asInt()).isEqualTo(201);
        assertThat(res.get("statusText").asText()).isEqualTo("Created");
        assertThat(res.get("content").get("text").asText()).isEqualTo("{\"id\":1}");
        assertThat(res.get("content").get("size").asInt()).isEqualTo(8);
        assertThat(res.has("redirectURL") && res.has("headers") && res.has("cookies") && res.has("bodySize")).isTrue();
        assertThat(entry.has("cache")).isTrue();
        assertThat(entry.get("timings").get("wait").asInt()).isEqualTo(12);
        assertThat(log.get("entries")).hasSize(2);
    }

    // ------------------------------------------------------------------ retention

    /**
     * The rows a retention run deleted and left, and whether it was interrupted: on a partitioned request_logs it
     * also drops the (empty) expired monthly partitions the test database keeps, which a plain table has not.
     */
    static RetentionResult rows(RetentionResult r) {
        return new RetentionResult(r.deleted(), r.remaining(), r.interrupted(), 0);
    }

    static void aged(MockLoopDb db, int old, int recent) {
        Instant now = Instant.now();
        List<RequestLog> rows = new ArrayList<>();
        for (int i = 0; i < old; i++) {
            rows.add(log(i).serverId(i % 2 == 0 ? "a" : "b").timestamp(now.minus(Duration.ofDays(40))).build());
        }
        for (int i = 0; i < recent; i++) {
            rows.add(log(i).serverId("a").timestamp(now.minus(Duration.ofDays(1))).build());
        }
        db.requestLogs().appendAll(rows);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void cleanupDeletesOlderRowsInChunksAndReportsWhatRemains(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        aged(db, 5_000, 300);
        Instant cut = Instant.now().minus(Duration.ofDays(30));
        assertThat(db.requestLogs().cleanup(cut, "a")).isEqualTo(new RetentionResult(2_500, 2_800, false, 0));
        assertThat(rows(db.requestLogs().cleanup(cut))).isEqualTo(new RetentionResult(2_500, 300, false, 0));
        assertThat(rows(db.requestLogs().cleanup(cut))).isEqualTo(new RetentionResult(0, 300, false, 0));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void trimToKeepsTheNewestRows(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        db.requestLogs().appendAll(logs(2_500));
        long maxId = db.requestLogs().list(LogFilter.ALL, 1).get(0).id().orElseThrow();
        assertThat(db.requestLogs().trimTo(300)).isEqualTo(new RetentionResult(2_200, 300, false, 0));
        assertThat(db.requestLogs().stream(LogFilter.ALL).mapToLong(l -> l.id().orElseThrow()).min().orElseThrow())
                .isEqualTo(maxId - 299);
        assertThat(db.requestLogs().trimTo(1_000)).isEqualTo(new RetentionResult(0, 300, false, 0));
        assertThatThrownBy(() -> db.requestLogs().trimTo(-1)).isInstanceOf(ValidationException.class)
                .hasMessage("maxEntries must be >= 0 (was -1)");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void cleanupWithoutArgumentsAppliesTheSystemSettings(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        aged(db, 400, 300);
        db.config().setLogRetentionDays(30);
        db.config().setMaxLogEntries(100);
        assertThat(rows(db.requestLogs().cleanup())).isEqualTo(new RetentionResult(600, 100, false, 0));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void anInterruptedCleanupStopsAtAChunkBoundary(DbTarget target) {
        MockLoopDb db = TestDatabase.fresh(target);
        aged(db, 100, 0);
        Thread.currentThread().interrupt();
        RetentionResult r;
        try {
            r = db.requestLogs().cleanup(Instant.now());
        } finally {
            assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
        }
        assertThat(r).isEqualTo(new RetentionResult(0, 100, true, 0));
    }

    // ------------------------------------------------------------------ upstream import

    @ParameterizedTest(name = "{0}")
    @EnumSource(DbTarget.class)
    void importUpstreamMapsTheRenamedColumnsInBatches(DbTarget target) throws Exception {
        MockLoopDb db = TestDatabase.fresh(target);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("upstream-");
        java.nio.file.Path file = dir.resolve("request_logs.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); var st = c.createStatement()) {
            st.execute("CREATE TABLE request_logs (id INTEGER PRIMARY KEY AUTOINCREMENT, timestamp TEXT, type TEXT,"
                    + " method TEXT, path TEXT, status_code INTEGER, process_time_ms INTEGER, client_host TEXT,"
                    + " client_port TEXT, headers TEXT, query_params TEXT, request_body TEXT, response_body TEXT,"
                    + " session_id TEXT, test_scenario TEXT, correlation_id TEXT, user_agent TEXT,"
                    + " response_size INTEGER, is_admin BOOLEAN)");
            c.setAutoCommit(false);
            try (var ps = c.prepareStatement("INSERT INTO request_logs (timestamp, type, method, path, status_code,"
                    + " process_time_ms, client_host, headers, query_params, request_body, response_body,"
                    + " test_scenario, correlation_id, user_agent) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (int i = 0; i < 2_500; i++) {
                    ps.setString(1, "2026-01-15T10:00:00." + String.format("%06d", i * 10));
                    ps.setString(2, "request");
                    ps.setString(3, "GET");
                    ps.setString(4, "/pets/" + i);
                    ps.setInt(5, 200);
                    ps.setInt(6, i % 50);
                    ps.setString(7, "127.0.0.1");
                    ps.setString(8, "{\"host\": \"localhost:8000\", \"authorization\": \"Bearer x\"}");
                    ps.setString(9, "limit=10&tag=a%20b&tag=c");
                    ps.setString(10, "");
                    ps.setString(11, "{\"ok\":true}");
                    ps.setString(12, i == 0 ? "happy" : null);
                    ps.setString(13, "corr-" + i);
                    ps.setString(14, "python-requests");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            st.execute("INSERT INTO request_logs (timestamp, method, path, status_code) VALUES"
                    + " ('2026-01-15 11:00:00', 'BAD METHOD', '/x', 200)");
            c.commit();
        }
        ImportReport report = db.requestLogs().importUpstream(file, "petstore");
        assertThat(report).isEqualTo(new ImportReport(2_501, 2_500, 0,
                Map.of(ImportReport.SkipReason.BREAKS_WRITE_RULE, 1L), 0, false));
        assertThat(db.requestLogs().count(LogFilter.builder().server("petstore").build())).isEqualTo(2_500);
        RequestLog first = db.requestLogs().list(LogFilter.builder().oldestFirst().build(), 1).get(0);
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2026-01-15T10:00:00Z"));
        assertThat(first.path()).isEqualTo("/pets/0");
        assertThat(first.responseStatus()).isEqualTo(200);
        assertThat(first.responseTimeMs()).isZero();
        assertThat(first.clientIp()).isEqualTo("127.0.0.1");
        assertThat(first.requestId()).isEqualTo("corr-0");
        assertThat(first.scenarioName()).isEqualTo("happy");
        assertThat(first.userAgent()).isEqualTo("python-requests");
        assertThat(first.queryParams()).containsExactly(Map.entry("limit", List.of("10")),
                Map.entry("tag", List.of("a b", "c")));
        assertThat(first.headers()).containsEntry("host", List.of("localhost:8000"))
                .containsEntry("authorization", List.of("[REDACTED]"));
        assertThat(first.responseBody()).isEqualTo("{\"ok\":true}");
        // an interrupted import stops at a batch boundary: whole, committed batches and a report that says so
        Thread.currentThread().interrupt();
        ImportReport cut;
        try {
            cut = db.requestLogs().importUpstream(file, "again");
        } finally {
            Thread.interrupted();
        }
        assertThat(cut).isEqualTo(new ImportReport(1_000, 1_000, 0, Map.of(), 0, true));
        assertThat(db.requestLogs().count(LogFilter.builder().server("again").build())).isEqualTo(1_000);
        assertThatThrownBy(() -> db.requestLogs().importUpstream(dir.resolve("missing.db"), "x"))
                .isInstanceOf(ValidationException.class).hasMessageStartingWith("upstreamFile must be an existing SQLite file");
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRESQL_PARTITIONED")
    void aFullQueueMakesTheCallerWaitUnderTheBlockPolicy(DbTarget target) throws Exception {
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS.withCapacity(3)
                    .withLinger(Duration.ZERO).withBackoff(Duration.ofMillis(5), Duration.ofMillis(20)));
            TestSupport.execute(db, "ALTER TABLE request_logs RENAME TO request_logs_away");
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                writer.enqueue(log(0).build());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (writer.stats().failed() < 1 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                for (int i = 1; i <= 3; i++) {
                    assertThat(writer.enqueue(log(i).build())).isTrue();
                }
                Future<Boolean> blocked = pool.submit(() -> writer.enqueue(log(4).build()));
                Thread.sleep(200);
                assertThat(blocked).isNotDone();
                TestSupport.execute(db, "ALTER TABLE request_logs_away RENAME TO request_logs");
                assertThat(blocked.get(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                pool.shutdownNow();
            }
            writer.flush();
            assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(5);
            assertThat(writer.stats().dropped()).isZero();
            writer.close();
        }
    }
}
