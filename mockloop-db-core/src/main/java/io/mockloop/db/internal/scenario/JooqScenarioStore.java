package io.mockloop.db.internal.scenario;

import static io.mockloop.db.internal.jooq.generated.Tables.ACTIVE_SCENARIOS;
import static io.mockloop.db.internal.jooq.generated.Tables.MOCK_RESPONSES;
import static io.mockloop.db.internal.jooq.generated.Tables.SCENARIOS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mockloop.db.ConflictException;
import io.mockloop.db.NotFoundException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.internal.ServerRows;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.scenario.ActiveScenario;
import io.mockloop.db.scenario.MockResponse;
import io.mockloop.db.scenario.MockResponseSpec;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.scenario.FreezeOptions;
import io.mockloop.db.scenario.NewScenario;
import io.mockloop.db.scenario.Scenario;
import io.mockloop.db.scenario.ScenarioChange;
import io.mockloop.db.scenario.ScenarioChange.Kind;
import io.mockloop.db.scenario.ScenarioConfig;
import io.mockloop.db.scenario.ScenarioListener;
import io.mockloop.db.scenario.ScenarioStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Record;

/** {@link ScenarioStore} on table scenarios and view active_scenarios. Thread-safe (stateless). */
public final class JooqScenarioStore implements ScenarioStore {

    static final String EXPORT_FORMAT = "mockloop-scenario";
    static final int EXPORT_VERSION = 1;

    private final StoreContext ctx;

    /** @param ctx the store context */
    public JooqScenarioStore(StoreContext ctx) {
        this.ctx = ctx;
    }

    private ScenarioRuntime runtime() {
        return ScenarioRuntime.of(ctx);
    }

    @Override
    public Scenario create(NewScenario s) {
        Objects.requireNonNull(s, "scenario");
        Checks.name("serverId", s.serverId());
        Checks.name("name", s.name());
        Checks.text("description", s.description().orElse(null));
        Checks.optionalName("createdBy", s.createdBy().orElse(null));
        Checks.config(s.config());
        return ctx.transactionResult("create scenario '" + s.name() + "' of server '" + s.serverId() + "'", tx -> {
            Scenario created = insert(tx, s);
            runtime().scenarioChanged(tx, new ScenarioChange(s.serverId(), s.name(), Kind.CREATED));
            return created;
        });
    }

    @Override
    public Scenario createFromTraffic(String serverId, String name, LogFilter filter, FreezeOptions options) {
        Checks.name("serverId", serverId);
        Checks.name("name", name);
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(options, "options");
        return ctx.transactionResult("freeze traffic into scenario '" + name + "' of server '" + serverId + "'",
                tx -> {
                    if (!ServerRows.exists(tx, serverId)) {
                        throw new NotFoundException("server", serverId);
                    }
                    if (row(tx, serverId, name).isPresent()) {
                        throw alreadyExists(name, serverId, null);
                    }
                    Map.Entry<ScenarioConfig, Long> frozen = TrafficFreeze.freeze(tx, serverId, filter, options);
                    Checks.config(frozen.getKey());
                    NewScenario s = NewScenario.of(serverId, name, frozen.getKey()).withDescription("Frozen from "
                            + frozen.getValue() + " request logs (" + options.pick().name()
                            .toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " response per endpoint)");
                    Scenario created = insert(tx, s);
                    runtime().scenarioChanged(tx, new ScenarioChange(serverId, name, Kind.CREATED));
                    return created;
                });
    }

    private static Scenario insert(StoreContext tx, NewScenario s) {
        if (!ServerRows.exists(tx, s.serverId())) {
            throw new NotFoundException("server", s.serverId());
        }
        if (row(tx, s.serverId(), s.name()).isPresent()) {
            throw alreadyExists(s.name(), s.serverId(), null);
        }
        Instant now = Instant.now();
        try {
            tx.dsl().insertInto(SCENARIOS)
                    .set(SCENARIOS.SERVER_ID, s.serverId())
                    .set(SCENARIOS.NAME, s.name())
                    .set(SCENARIOS.DESCRIPTION, s.description().orElse(null))
                    .set(SCENARIOS.CONFIG, s.config().toJson())
                    .set(SCENARIOS.IS_ACTIVE, false)
                    .set(SCENARIOS.CREATED_AT, now)
                    .set(SCENARIOS.UPDATED_AT, now)
                    .set(SCENARIOS.CREATED_BY, s.createdBy().orElse(null))
                    .execute();
        } catch (RuntimeException e) {
            if (Errors.isUniqueViolation(e)) {
                throw alreadyExists(s.name(), s.serverId(), e);
            }
            if (Errors.isForeignKeyViolation(e)) {
                throw new NotFoundException("server", s.serverId());
            }
            throw e;
        }
        return row(tx, s.serverId(), s.name()).map(Rows::scenario).orElseThrow();
    }

    private static ConflictException alreadyExists(String name, String serverId, Throwable cause) {
        return new ConflictException("scenario '" + name + "' already exists for server '" + serverId + "'", cause);
    }

    private static Optional<Record> row(StoreContext c, String serverId, String name) {
        return c.dsl().selectFrom(SCENARIOS).where(SCENARIOS.SERVER_ID.eq(serverId).and(SCENARIOS.NAME.eq(name)))
                .fetchOptional().map(r -> (Record) r);
    }

    private static NotFoundException notFound(String serverId, String name) {
        return new NotFoundException("scenario", serverId + "/" + name);
    }

    @Override
    public Optional<Scenario> find(String serverId, String name) {
        if (serverId == null || name == null) {
            return Optional.empty();
        }
        return ctx.read("find scenario '" + name + "' of server '" + serverId + "'",
                rd -> row(rd, serverId, name).map(Rows::scenario));
    }

    @Override
    public Scenario get(String serverId, String name) {
        return find(serverId, name).orElseThrow(() -> notFound(serverId, name));
    }

    @Override
    public List<Scenario> list(String serverId) {
        if (serverId == null) {
            return List.of();
        }
        return ctx.read("list the scenarios of server '" + serverId + "'",
                rd -> rd.dsl().selectFrom(SCENARIOS).where(SCENARIOS.SERVER_ID.eq(serverId)).orderBy(SCENARIOS.NAME,
                SCENARIOS.ID).fetch(Rows::scenario));
    }

    @Override
    public Scenario update(String serverId, String name, String description, ScenarioConfig config) {
        Objects.requireNonNull(description, "description");
        return replace(serverId, name, description, config);
    }

    @Override
    public Scenario update(String serverId, String name, ScenarioConfig config) {
        return replace(serverId, name, null, config);
    }

    /** {@code description} null: removed. */
    private Scenario replace(String serverId, String name, String description, ScenarioConfig config) {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(name, "name");
        ScenarioConfig cfg = Objects.requireNonNull(config, "config");
        Checks.text("description", description);
        Checks.config(cfg);
        return ctx.transactionResult("update scenario '" + name + "' of server '" + serverId + "'", tx -> {
            Record r = row(tx, serverId, name).orElseThrow(() -> notFound(serverId, name));
            ServerRows.lock(tx, serverId); // orders the change stamps of concurrent editors of this server
            tx.dsl().update(SCENARIOS)
                    .set(SCENARIOS.DESCRIPTION, description)
                    .set(SCENARIOS.CONFIG, cfg.toJson())
                    .set(SCENARIOS.UPDATED_AT, ChangeStamps.next(tx, SCENARIOS, SCENARIOS.SERVER_ID,
                            SCENARIOS.UPDATED_AT, serverId, r.get(SCENARIOS.UPDATED_AT)))
                    .where(SCENARIOS.ID.eq(r.get(SCENARIOS.ID))).execute();
            runtime().scenarioChanged(tx, new ScenarioChange(serverId, name, Kind.UPDATED));
            return row(tx, serverId, name).map(Rows::scenario).orElseThrow();
        });
    }

    @Override
    public boolean delete(String serverId, String name, boolean force) {
        if (serverId == null || name == null) {
            return false;
        }
        return ctx.transactionResult("delete scenario '" + name + "' of server '" + serverId + "'", tx -> {
            if (ServerRows.lock(tx, serverId).isEmpty()) {
                return false;
            }
            Optional<Record> r = row(tx, serverId, name);
            if (r.isEmpty()) {
                return false;
            }
            if (Boolean.TRUE.equals(r.get().get(SCENARIOS.IS_ACTIVE)) && !force) {
                throw new ConflictException("scenario '" + name + "' is the active scenario of server '" + serverId
                        + "'; deactivate it first or delete with force");
            }
            tx.dsl().deleteFrom(SCENARIOS).where(SCENARIOS.ID.eq(r.get().get(SCENARIOS.ID))).execute();
            runtime().scenarioChanged(tx, new ScenarioChange(serverId, name, Kind.DELETED));
            return true;
        });
    }

    @Override
    public Optional<Scenario> activate(String serverId, String name) {
        Checks.name("serverId", serverId);
        Checks.name("name", name);
        return ctx.transactionResult("activate scenario '" + name + "' of server '" + serverId + "'", tx -> {
            if (ServerRows.lock(tx, serverId).isEmpty()) {
                throw new NotFoundException("server", serverId);
            }
            Record target = row(tx, serverId, name).orElseThrow(() -> notFound(serverId, name));
            long targetId = target.get(SCENARIOS.ID);
            List<Scenario> actives = activeRows(tx, serverId);
            Optional<Scenario> previous = actives.stream().findFirst();
            boolean alreadyOnlyActive = actives.size() == 1 && actives.get(0).id() == targetId;
            if (alreadyOnlyActive) {
                return previous;
            }
            for (Scenario s : actives) {
                if (s.id() != targetId) {
                    setActive(tx, s.id(), false, s.updatedAt());
                    runtime().scenarioChanged(tx, new ScenarioChange(serverId, s.name(), Kind.DEACTIVATED));
                }
            }
            if (!Boolean.TRUE.equals(target.get(SCENARIOS.IS_ACTIVE))) {
                setActive(tx, targetId, true, target.get(SCENARIOS.UPDATED_AT));
                runtime().scenarioChanged(tx, new ScenarioChange(serverId, name, Kind.ACTIVATED));
            }
            return previous;
        });
    }

    private static List<Scenario> activeRows(StoreContext tx, String serverId) {
        return tx.dsl().selectFrom(SCENARIOS)
                .where(SCENARIOS.SERVER_ID.eq(serverId).and(SCENARIOS.IS_ACTIVE.isTrue()))
                .orderBy(SCENARIOS.ID).fetch(Rows::scenario);
    }

    private static void setActive(StoreContext tx, long id, boolean active, Instant previousUpdate) {
        tx.dsl().update(SCENARIOS).set(SCENARIOS.IS_ACTIVE, active)
                .set(SCENARIOS.UPDATED_AT, ServerRows.later(previousUpdate))
                .where(SCENARIOS.ID.eq(id)).execute();
    }

    @Override
    public Optional<Scenario> deactivate(String serverId) {
        Checks.name("serverId", serverId);
        return ctx.transactionResult("deactivate the scenario of server '" + serverId + "'", tx -> {
            if (ServerRows.lock(tx, serverId).isEmpty()) {
                throw new NotFoundException("server", serverId);
            }
            List<Scenario> actives = activeRows(tx, serverId);
            for (Scenario s : actives) {
                setActive(tx, s.id(), false, s.updatedAt());
                runtime().scenarioChanged(tx, new ScenarioChange(serverId, s.name(), Kind.DEACTIVATED));
            }
            return actives.stream().findFirst();
        });
    }

    @Override
    public Optional<Scenario> active(String serverId) {
        if (serverId == null) {
            return Optional.empty();
        }
        return ctx.read("find the active scenario of server '" + serverId + "'", rd -> rd.dsl().selectFrom(SCENARIOS)
                .where(SCENARIOS.SERVER_ID.eq(serverId).and(SCENARIOS.IS_ACTIVE.isTrue()))
                .orderBy(SCENARIOS.ID).limit(1).fetchOptional().map(Rows::scenario));
    }

    @Override
    public List<ActiveScenario> activeScenarios() {
        return ctx.read("list active scenarios",
                rd -> rd.dsl().selectFrom(ACTIVE_SCENARIOS).orderBy(ACTIVE_SCENARIOS.SERVER_ID,
                ACTIVE_SCENARIOS.SCENARIO_NAME).fetch(r -> new ActiveScenario(r.getServerId(), r.getScenarioName(),
                Optional.ofNullable(r.getDescription()), r.getCreatedAt(), r.getServerName())));
    }

    @Override
    public String exportScenario(String serverId, String name) {
        return ctx.transactionResult("export scenario '" + name + "' of server '" + serverId + "'", tx -> {
            Record r = row(tx, serverId, name).orElseThrow(() -> notFound(serverId, name));
            Scenario s = Rows.scenario(r);
            List<MockResponse> responses = new ArrayList<>(tx.dsl().selectFrom(MOCK_RESPONSES)
                    .where(MOCK_RESPONSES.SCENARIO_ID.eq(s.id())).fetch(x -> Rows.response(tx.json(), x, name)));
            // sorted here, not in SQL: collations differ between databases, the document must not
            responses.sort(Comparator.comparing(MockResponse::endpointPath).thenComparing(MockResponse::method)
                    .thenComparingLong(MockResponse::id));
            ObjectNode doc = tx.json().createObjectNode();
            doc.put("format", EXPORT_FORMAT);
            doc.put("version", EXPORT_VERSION);
            doc.put("name", s.name());
            doc.put("description", s.description().orElse(null));
            doc.put("created_by", s.createdBy().orElse(null));
            try {
                doc.set("config", tx.json().readTree(s.config().toJson()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            ArrayNode list = doc.putArray("responses");
            for (MockResponse m : responses) {
                ObjectNode o = list.addObject();
                o.put("method", m.method());
                o.put("endpoint_path", m.endpointPath());
                o.put("status", m.status());
                ObjectNode h = o.putObject("headers");
                m.headers().forEach(h::put);
                o.put("body", m.body().orElse(null));
                o.put("delay_ms", m.delayMs());
                o.put("is_default", m.isDefault());
            }
            try {
                return tx.json().writerWithDefaultPrettyPrinter().writeValueAsString(doc);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public Scenario importScenario(String serverId, String json) {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(json, "json");
        Checks.name("serverId", serverId);
        String shape = "must be a document written by exportScenario (format '" + EXPORT_FORMAT + "', version "
                + EXPORT_VERSION + ")";
        JsonNode doc;
        try {
            doc = ctx.json().readTree(json);
        } catch (JsonProcessingException e) {
            throw new ValidationException("document", "must be valid JSON", json);
        }
        if (doc == null || !doc.isObject() || !EXPORT_FORMAT.equals(doc.path("format").asText(null))
                || doc.path("version").asInt(-1) != EXPORT_VERSION || !doc.path("name").isTextual()
                || !doc.path("config").isObject() || !(doc.path("responses").isArray() || doc.path("responses")
                .isMissingNode())) {
            throw new ValidationException("document", shape, json);
        }
        NewScenario s = new NewScenario(serverId, doc.get("name").textValue(),
                Optional.ofNullable(textOrNull(doc, "description")), ScenarioConfig.parse(doc.get("config").toString()),
                Optional.ofNullable(textOrNull(doc, "created_by")));
        Checks.name("name", s.name());
        Checks.text("description", s.description().orElse(null));
        Checks.optionalName("createdBy", s.createdBy().orElse(null));
        Checks.config(s.config());
        List<MockResponseSpec> specs = new ArrayList<>();
        int i = 0;
        for (JsonNode o : doc.path("responses")) {
            specs.add(JooqMockResponseStore.validate(responseSpec(o, "responses[" + i++ + "]", json)));
        }
        return ctx.transactionResult("import a scenario into server '" + serverId + "'", tx -> {
            Scenario created = insert(tx, s);
            for (MockResponseSpec spec : specs) {
                JooqMockResponseStore.insertRow(tx, serverId, spec, created.id());
            }
            runtime().scenarioChanged(tx, new ScenarioChange(serverId, s.name(), Kind.CREATED));
            return created;
        });
    }

    private static String textOrNull(JsonNode doc, String field) {
        JsonNode n = doc.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static MockResponseSpec responseSpec(JsonNode o, String where, String json) {
        if (!o.isObject() || !o.path("method").isTextual() || !o.path("endpoint_path").isTextual()
                || !o.path("status").isIntegralNumber() || !o.path("delay_ms").isIntegralNumber()) {
            throw new ValidationException("document." + where, "must be an object with method, endpoint_path,"
                    + " status, headers, body, delay_ms and is_default", o.toString());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            headers.put(h.getKey(), h.getValue().asText());
        }
        return new MockResponseSpec(o.get("method").textValue(), o.get("endpoint_path").textValue(),
                o.get("status").intValue(), headers, Optional.ofNullable(textOrNull(o, "body")),
                o.get("delay_ms").intValue(), Optional.empty(), o.path("is_default").asBoolean(false));
    }

    @Override
    public AutoCloseable addListener(ScenarioListener listener) {
        Objects.requireNonNull(listener, "listener");
        return runtime().addListener(listener);
    }
}
