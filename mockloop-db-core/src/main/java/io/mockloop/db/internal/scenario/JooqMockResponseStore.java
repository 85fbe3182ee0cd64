package io.mockloop.db.internal.scenario;

import static io.mockloop.db.internal.jooq.generated.Tables.MOCK_RESPONSES;
import static io.mockloop.db.internal.jooq.generated.Tables.SCENARIOS;

import io.mockloop.db.NotFoundException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.internal.ServerRows;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.internal.TextRules;
import io.mockloop.db.scenario.MissExplanation;
import io.mockloop.db.scenario.MockResponse;
import io.mockloop.db.scenario.MockResponseFilter;
import io.mockloop.db.scenario.MockResponseResolver;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.scenario.MockResponseStore;
import io.mockloop.db.scenario.ResolvedResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Record;

/** {@link MockResponseStore} on table mock_responses. Thread-safe (stateless apart from the shared runtime). */
public final class JooqMockResponseStore implements MockResponseStore {

    private final StoreContext ctx;

    /** @param ctx the store context */
    public JooqMockResponseStore(StoreContext ctx) {
        this.ctx = ctx;
    }

    /** Checks every rule of a spec; returns it with the method in upper case. */
    static MockResponseSpec validate(MockResponseSpec spec) {
        java.util.Objects.requireNonNull(spec, "spec");
        String method = Checks.method("method", spec.method());
        Checks.pathTemplate("endpointPath", spec.endpointPath());
        Checks.status("status", spec.status());
        Checks.delay("delayMs", spec.delayMs());
        Checks.headers("headers", spec.headers());
        spec.body().ifPresent(body -> Checks.text("body", body));
        spec.scenario().ifPresent(scenario -> Checks.name("scenario", scenario));
        return new MockResponseSpec(method, spec.endpointPath(), spec.status(), spec.headers(), spec.body(),
                spec.delayMs(), spec.scenario(), spec.isDefault());
    }

    private static Long scenarioId(StoreContext tx, String serverId, java.util.Optional<String> name) {
        if (name.isEmpty()) {
            return null;
        }
        String scenario = name.get();
        return tx.dsl().select(SCENARIOS.ID).from(SCENARIOS)
                .where(SCENARIOS.SERVER_ID.eq(serverId).and(SCENARIOS.NAME.eq(scenario))).fetchOptional(SCENARIOS.ID)
                .orElseThrow(() -> new NotFoundException("scenario", serverId + "/" + scenario));
    }

    /** Inserts a validated spec; returns the new id. */
    static long insertRow(StoreContext tx, String serverId, MockResponseSpec spec, Long scenarioId) {
        Instant now = Instant.now();
        try {
            Long id = tx.dsl().insertInto(MOCK_RESPONSES)
                    .set(MOCK_RESPONSES.SERVER_ID, serverId)
                    .set(MOCK_RESPONSES.ENDPOINT_PATH, spec.endpointPath())
                    .set(MOCK_RESPONSES.METHOD, spec.method())
                    .set(MOCK_RESPONSES.RESPONSE_STATUS, spec.status())
                    .set(MOCK_RESPONSES.RESPONSE_HEADERS, Rows.headersJson(tx.json(), spec.headers()))
                    .set(MOCK_RESPONSES.RESPONSE_BODY, spec.body().orElse(null))
                    .set(MOCK_RESPONSES.DELAY_MS, spec.delayMs())
                    .set(MOCK_RESPONSES.SCENARIO_ID, scenarioId)
                    .set(MOCK_RESPONSES.IS_DEFAULT, spec.isDefault())
                    .set(MOCK_RESPONSES.CREATED_AT, now)
                    .set(MOCK_RESPONSES.UPDATED_AT, now)
                    .returningResult(MOCK_RESPONSES.ID).fetchOne(MOCK_RESPONSES.ID);
            ScenarioRuntime.of(tx).serverChanged(tx, serverId);
            return id;
        } catch (RuntimeException e) {
            if (Errors.isForeignKeyViolation(e)) {
                throw new NotFoundException("server", serverId);
            }
            throw e;
        }
    }

    @Override
    public MockResponse add(String serverId, MockResponseSpec spec) {
        Checks.name("serverId", serverId);
        MockResponseSpec s = validate(spec);
        return ctx.transactionResult("add a mock response to server '" + serverId + "'", tx -> {
            if (!ServerRows.exists(tx, serverId)) {
                throw new NotFoundException("server", serverId);
            }
            long id = insertRow(tx, serverId, s, scenarioId(tx, serverId, s.scenario()));
            return read(tx, id).orElseThrow();
        });
    }

    @Override
    public MockResponse update(long id, MockResponseSpec spec) {
        MockResponseSpec s = validate(spec);
        return ctx.transactionResult("update mock response " + id, tx -> {
            Record row = tx.dsl().selectFrom(MOCK_RESPONSES).where(MOCK_RESPONSES.ID.eq(id)).fetchOptional()
                    .orElseThrow(() -> new NotFoundException("mock response", id));
            String serverId = row.get(MOCK_RESPONSES.SERVER_ID);
            ServerRows.lock(tx, serverId); // orders the change stamps of concurrent editors of this server
            Instant stamp = ChangeStamps.next(tx, MOCK_RESPONSES, MOCK_RESPONSES.SERVER_ID, MOCK_RESPONSES.UPDATED_AT,
                    serverId, row.get(MOCK_RESPONSES.UPDATED_AT));
            tx.dsl().update(MOCK_RESPONSES)
                    .set(MOCK_RESPONSES.ENDPOINT_PATH, s.endpointPath())
                    .set(MOCK_RESPONSES.METHOD, s.method())
                    .set(MOCK_RESPONSES.RESPONSE_STATUS, s.status())
                    .set(MOCK_RESPONSES.RESPONSE_HEADERS, Rows.headersJson(tx.json(), s.headers()))
                    .set(MOCK_RESPONSES.RESPONSE_BODY, s.body().orElse(null))
                    .set(MOCK_RESPONSES.DELAY_MS, s.delayMs())
                    .set(MOCK_RESPONSES.SCENARIO_ID, scenarioId(tx, serverId, s.scenario()))
                    .set(MOCK_RESPONSES.IS_DEFAULT, s.isDefault())
                    .set(MOCK_RESPONSES.UPDATED_AT, stamp)
                    .where(MOCK_RESPONSES.ID.eq(id)).execute();
            ScenarioRuntime.of(tx).serverChanged(tx, serverId);
            return read(tx, id).orElseThrow();
        });
    }

    @Override
    public boolean delete(long id) {
        return ctx.transactionResult("delete mock response " + id, tx -> {
            Optional<String> serverId = tx.dsl().select(MOCK_RESPONSES.SERVER_ID).from(MOCK_RESPONSES)
                    .where(MOCK_RESPONSES.ID.eq(id)).fetchOptional(MOCK_RESPONSES.SERVER_ID);
            if (serverId.isEmpty()) {
                return false;
            }
            tx.dsl().deleteFrom(MOCK_RESPONSES).where(MOCK_RESPONSES.ID.eq(id)).execute();
            ScenarioRuntime.of(tx).serverChanged(tx, serverId.get());
            return true;
        });
    }

    private static Optional<MockResponse> read(StoreContext c, long id) {
        return c.dsl().select(MOCK_RESPONSES.fields()).select(SCENARIOS.NAME).from(MOCK_RESPONSES)
                .leftJoin(SCENARIOS).on(SCENARIOS.ID.eq(MOCK_RESPONSES.SCENARIO_ID))
                .where(MOCK_RESPONSES.ID.eq(id)).fetchOptional()
                .map(r -> Rows.response(c.json(), r, r.get(SCENARIOS.NAME)));
    }

    @Override
    public Optional<MockResponse> find(long id) {
        return ctx.read("find mock response " + id, rd -> read(rd, id));
    }

    @Override
    public MockResponse get(long id) {
        return find(id).orElseThrow(() -> new NotFoundException("mock response", id));
    }

    @Override
    public List<MockResponse> list(MockResponseFilter filter) {
        java.util.Objects.requireNonNull(filter, "filter");
        if (TextRules.anyNul(filter.serverId(), filter.endpointPath().orElse(null), filter.method().orElse(null),
                filter.scenario().orElse(null))) {
            return List.of(); // nothing stored holds NUL (and PostgreSQL would refuse the parameter)
        }
        Condition c = MOCK_RESPONSES.SERVER_ID.eq(filter.serverId());
        if (filter.endpointPath().isPresent()) {
            c = c.and(MOCK_RESPONSES.ENDPOINT_PATH.eq(filter.endpointPath().get()));
        }
        if (filter.method().isPresent()) {
            c = c.and(MOCK_RESPONSES.METHOD.eq(filter.method().get().toUpperCase(java.util.Locale.ROOT)));
        }
        if (filter.scenario().isPresent()) {
            c = c.and(SCENARIOS.NAME.eq(filter.scenario().get()));
        }
        Condition where = c;
        return ctx.read("list mock responses",
                rd -> rd.dsl().select(MOCK_RESPONSES.fields()).select(SCENARIOS.NAME).from(MOCK_RESPONSES)
                .leftJoin(SCENARIOS).on(SCENARIOS.ID.eq(MOCK_RESPONSES.SCENARIO_ID))
                .where(where).orderBy(MOCK_RESPONSES.ENDPOINT_PATH, MOCK_RESPONSES.METHOD, MOCK_RESPONSES.ID)
                .fetch(r -> Rows.response(ctx.json(), r, r.get(SCENARIOS.NAME))));
    }

    @Override
    public Optional<ResolvedResponse> resolve(String serverId, String method, String concretePath) {
        java.util.Objects.requireNonNull(serverId, "serverId");
        java.util.Objects.requireNonNull(method, "method");
        java.util.Objects.requireNonNull(concretePath, "concretePath");
        if (TextRules.anyNul(serverId)) { // no server id holds NUL
            return Optional.empty();
        }
        return ctx.transactionResult("resolve " + method + " " + concretePath + " on server '" + serverId + "'",
                tx -> ServerSnapshot.load(tx, serverId)).resolve(method, concretePath);
    }

    @Override
    public MissExplanation explain(String serverId, String method, String path) {
        String m = NearMisses.check(serverId, method, path);
        return ctx.transactionResult("explain " + m + " " + path + " on server '" + serverId + "'",
                tx -> NearMisses.explain(tx, serverId, m, path));
    }

    @Override
    public MockResponseResolver resolver() {
        return ScenarioRuntime.of(ctx).sharedResolver();
    }

    @Override
    public MockResponseResolver resolver(Duration checkInterval) {
        java.util.Objects.requireNonNull(checkInterval, "checkInterval");
        if (checkInterval.isNegative()) {
            throw new ValidationException("checkInterval", "must be zero or positive", checkInterval);
        }
        return new CachingResolver(ScenarioRuntime.of(ctx), checkInterval, false);
    }
}
