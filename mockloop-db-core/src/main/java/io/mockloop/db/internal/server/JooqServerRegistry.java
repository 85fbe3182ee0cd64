package io.mockloop.db.internal.server;

import static io.mockloop.db.internal.jooq.generated.Tables.MOCK_SERVERS;
import static io.mockloop.db.internal.jooq.generated.Tables.SERVER_STATISTICS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.mockloop.db.ConflictException;
import io.mockloop.db.NotFoundException;
import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.internal.ServerRows;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.internal.jooq.generated.tables.records.MockServersRecord;
import io.mockloop.db.internal.scenario.Checks;
import io.mockloop.db.internal.scenario.ScenarioRuntime;
import io.mockloop.db.server.IllegalStatusTransitionException;
import io.mockloop.db.server.MockServer;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.server.ServerRegistry;
import io.mockloop.db.server.ServerStatistics;
import io.mockloop.db.server.ServerStatus;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.jooq.Condition;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ServerRegistry} on table mock_servers and view server_statistics. Thread-safe (stateless). */
public final class JooqServerRegistry implements ServerRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(JooqServerRegistry.class);
    private static final int MAX_SLUG = 200;

    private final StoreContext ctx;

    /** @param ctx the store context */
    public JooqServerRegistry(StoreContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public MockServer register(ServerRegistration r) {
        Objects.requireNonNull(r, "registration");
        r.id().ifPresent(id -> Checks.name("id", id));
        Checks.name("name", r.name());
        Checks.requiredText("specPath", r.specPath());
        r.specContent().ifPresent(text -> Checks.text("specContent", text));
        Checks.requiredText("outputDirectory", r.outputDirectory());
        r.port().ifPresent(JooqServerRegistry::checkPort);
        String config = Checks.text("config", configJson(r.config()));
        return ctx.transactionResult("register server '" + r.name() + "'", tx -> {
            String id = r.id().orElseGet(() -> freeSlug(tx, r.name()));
            Instant now = Instant.now();
            try {
                tx.dsl().insertInto(MOCK_SERVERS)
                        .set(MOCK_SERVERS.ID, id)
                        .set(MOCK_SERVERS.NAME, r.name())
                        .set(MOCK_SERVERS.SPEC_PATH, r.specPath())
                        .set(MOCK_SERVERS.SPEC_CONTENT, r.specContent().orElse(null))
                        .set(MOCK_SERVERS.OUTPUT_DIRECTORY, r.outputDirectory())
                        .set(MOCK_SERVERS.PORT, r.port().isPresent() ? r.port().getAsInt() : null)
                        .set(MOCK_SERVERS.STATUS, ServerStatus.STOPPED.dbValue())
                        .set(MOCK_SERVERS.CONFIG, config)
                        .set(MOCK_SERVERS.CREATED_AT, now)
                        .set(MOCK_SERVERS.UPDATED_AT, now)
                        .execute();
            } catch (RuntimeException e) {
                if (Errors.isUniqueViolation(e)) {
                    throw new ConflictException("server '" + id + "' already exists", e);
                }
                throw e;
            }
            // a server re-registered under a deleted one's id must not be answered from a stale cache
            ScenarioRuntime.of(tx).serverChanged(tx, id);
            return read(tx, id);
        });
    }

    /** A slug of the name not yet taken: "pet-store", "pet-store-2", ... */
    private static String freeSlug(StoreContext tx, String name) {
        String base = slug(name);
        List<String> taken = tx.dsl().select(MOCK_SERVERS.ID).from(MOCK_SERVERS)
                .where(MOCK_SERVERS.ID.eq(base).or(MOCK_SERVERS.ID.like(base.replace("_", "\\_").replace("%", "\\%")
                        + "-%", '\\')))
                .fetch(MOCK_SERVERS.ID);
        if (!taken.contains(base)) {
            return base;
        }
        for (int i = 2; ; i++) {
            String candidate = base + "-" + i;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    static String slug(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String s = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (s.length() > MAX_SLUG) {
            s = s.substring(0, MAX_SLUG).replaceAll("-+$", "");
        }
        return s.isEmpty() ? "server" : s;
    }

    private String configJson(Map<String, Object> config) {
        if (config.isEmpty()) {
            return null;
        }
        if (!Checks.isJsonValue(config)) {
            throw new ValidationException("config", "must be writable as a JSON object", String.valueOf(config));
        }
        try {
            return ctx.json().writeValueAsString(config);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ValidationException("config", "must be writable as a JSON object", String.valueOf(config));
        }
    }

    private static void checkPort(int port) {
        if (port < 1 || port > 65_535) {
            throw new ValidationException("port", "must be between 1 and 65535", port);
        }
    }

    private MockServer read(StoreContext c, String id) {
        return c.dsl().selectFrom(MOCK_SERVERS).where(MOCK_SERVERS.ID.eq(id)).fetchOptional().map(this::map)
                .orElseThrow(() -> new NotFoundException("server", id));
    }

    private MockServer map(MockServersRecord r) {
        ServerStatus status = ServerStatus.fromDbValue(r.getStatus()).orElseGet(() -> {
            LOG.warn("server '{}' has unknown status '{}', read as error", r.getId(), r.getStatus());
            return ServerStatus.ERROR;
        });
        return new MockServer(r.getId(), r.getName(), r.getSpecPath(), Optional.ofNullable(r.getSpecContent()),
                r.getOutputDirectory(), optInt(r.getPort()), status, optInt(r.getPid()), parseConfig(r),
                r.getCreatedAt(), r.getUpdatedAt(), Optional.ofNullable(r.getStartedAt()),
                Optional.ofNullable(r.getStoppedAt()));
    }

    private Map<String, Object> parseConfig(MockServersRecord r) {
        String text = r.getConfig();
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, Object> m = ctx.json().readValue(text, new TypeReference<LinkedHashMap<String, Object>>() { });
            return m == null ? Map.of() : m;
        } catch (JsonProcessingException e) {
            LOG.warn("server '{}' has a config that is not a JSON object, read as empty: {}", r.getId(), text);
            return Map.of();
        }
    }

    private static OptionalInt optInt(Integer v) {
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    @Override
    public Optional<MockServer> find(String id) {
        Objects.requireNonNull(id, "id");
        return ctx.read("find server '" + id + "'",
                rd -> rd.dsl().selectFrom(MOCK_SERVERS).where(MOCK_SERVERS.ID.eq(id)).fetchOptional().map(this::map));
    }

    @Override
    public MockServer get(String id) {
        return find(id).orElseThrow(() -> new NotFoundException("server", id));
    }

    @Override
    public Optional<MockServer> findByName(String name) {
        Objects.requireNonNull(name, "name");
        return first(MOCK_SERVERS.NAME.eq(name));
    }

    @Override
    public Optional<MockServer> findByPort(int port) {
        return first(MOCK_SERVERS.PORT.eq(port));
    }

    private Optional<MockServer> first(Condition c) {
        return ctx.read("find a server",
                rd -> rd.dsl().selectFrom(MOCK_SERVERS).where(c).orderBy(MOCK_SERVERS.CREATED_AT, MOCK_SERVERS.ID)
                        .limit(1).fetchOptional().map(this::map));
    }

    @Override
    public List<MockServer> list() {
        return ctx.read("list servers",
                rd -> rd.dsl().selectFrom(MOCK_SERVERS).orderBy(MOCK_SERVERS.CREATED_AT, MOCK_SERVERS.ID)
                        .fetch(this::map));
    }

    @Override
    public List<MockServer> list(ServerStatus status) {
        Objects.requireNonNull(status, "status");
        return ctx.read("list servers with status " + status,
                rd -> rd.dsl().selectFrom(MOCK_SERVERS).where(MOCK_SERVERS.STATUS.eq(status.dbValue()))
                .orderBy(MOCK_SERVERS.CREATED_AT, MOCK_SERVERS.ID).fetch(this::map));
    }

    @Override
    public MockServer updatePort(String id, int port) {
        Objects.requireNonNull(id, "id");
        checkPort(port);
        return setPort(id, port);
    }

    @Override
    public MockServer clearPort(String id) {
        Objects.requireNonNull(id, "id");
        return setPort(id, null);
    }

    private MockServer setPort(String id, Integer port) {
        return ctx.transactionResult("change the port of server '" + id + "'", tx -> {
            MockServersRecord row = ServerRows.lock(tx, id).orElseThrow(() -> new NotFoundException("server", id));
            tx.dsl().update(MOCK_SERVERS).set(MOCK_SERVERS.PORT, port)
                    .set(MOCK_SERVERS.UPDATED_AT, ServerRows.later(row.getUpdatedAt()))
                    .where(MOCK_SERVERS.ID.eq(id)).execute();
            return read(tx, id);
        });
    }

    @Override
    public MockServer updateConfig(String id, Map<String, Object> config) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(config, "config");
        String json = Checks.text("config", configJson(config));
        return ctx.transactionResult("change the config of server '" + id + "'", tx -> {
            MockServersRecord row = ServerRows.lock(tx, id).orElseThrow(() -> new NotFoundException("server", id));
            tx.dsl().update(MOCK_SERVERS).set(MOCK_SERVERS.CONFIG, json)
                    .set(MOCK_SERVERS.UPDATED_AT, ServerRows.later(row.getUpdatedAt()))
                    .where(MOCK_SERVERS.ID.eq(id)).execute();
            return read(tx, id);
        });
    }

    @Override
    public MockServer transition(String id, ServerStatus to) {
        return move(id, to, null, null);
    }

    @Override
    public MockServer transition(String id, ServerStatus to, int pid) {
        return move(id, to, pid, null);
    }

    @Override
    public MockServer transition(String id, ServerStatus to, int pid, int port) {
        return move(id, to, pid, port);
    }

    /** Sets the pid to {@code pid} (null clears it) and the port to {@code port} unless it is null. */
    private MockServer move(String id, ServerStatus to, Integer pid, Integer port) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(to, "to");
        if (pid != null && pid < 0) {
            throw new ValidationException("pid", "must be >= 0", pid);
        }
        if (port != null) {
            checkPort(port);
        }
        return ctx.transactionResult("move server '" + id + "' to " + to, tx -> {
            MockServersRecord row = ServerRows.lock(tx, id).orElseThrow(() -> new NotFoundException("server", id));
            ServerStatus from = ServerStatus.fromDbValue(row.getStatus()).orElse(ServerStatus.ERROR);
            if (!from.canTransitionTo(to)) {
                throw new IllegalStatusTransitionException(id, from, to);
            }
            Instant now = ServerRows.later(row.getUpdatedAt());
            var update = tx.dsl().update(MOCK_SERVERS)
                    .set(MOCK_SERVERS.STATUS, to.dbValue())
                    .set(MOCK_SERVERS.PID, pid)
                    .set(MOCK_SERVERS.UPDATED_AT, now);
            if (port != null) {
                update = update.set(MOCK_SERVERS.PORT, port);
            }
            if (to == ServerStatus.RUNNING) {
                update = update.set(MOCK_SERVERS.STARTED_AT, now);
            }
            if (to == ServerStatus.STOPPED || to == ServerStatus.ERROR) {
                update = update.set(MOCK_SERVERS.STOPPED_AT, now);
            }
            update.where(MOCK_SERVERS.ID.eq(id)).execute();
            return read(tx, id);
        });
    }

    @Override
    public boolean delete(String id) {
        Objects.requireNonNull(id, "id");
        return ctx.transactionResult("delete server '" + id + "'", tx -> {
            int n = tx.dsl().deleteFrom(MOCK_SERVERS).where(MOCK_SERVERS.ID.eq(id)).execute();
            if (n > 0) {
                ScenarioRuntime.of(tx).serverChanged(tx, id);
            }
            return n > 0;
        });
    }

    @Override
    public ServerStatistics statistics(String id) {
        Objects.requireNonNull(id, "id");
        return ctx.read("read the statistics of server '" + id + "'",
                rd -> rd.dsl().selectFrom(SERVER_STATISTICS).where(SERVER_STATISTICS.SERVER_ID.eq(id)).fetchOptional()
                .map(JooqServerRegistry::stats).orElseThrow(() -> new NotFoundException("server", id)));
    }

    @Override
    public List<ServerStatistics> statistics() {
        return ctx.read("read server statistics",
                rd -> rd.dsl().selectFrom(SERVER_STATISTICS).orderBy(SERVER_STATISTICS.SERVER_ID)
                .fetch(JooqServerRegistry::stats));
    }

    private static ServerStatistics stats(Record r) {
        BigDecimal avg = r.get(SERVER_STATISTICS.AVG_RESPONSE_TIME);
        return new ServerStatistics(r.get(SERVER_STATISTICS.SERVER_ID), r.get(SERVER_STATISTICS.SERVER_NAME),
                ServerStatus.fromDbValue(r.get(SERVER_STATISTICS.STATUS)).orElse(ServerStatus.ERROR),
                num(r.get(SERVER_STATISTICS.TOTAL_REQUESTS)), num(r.get(SERVER_STATISTICS.ERROR_REQUESTS)),
                avg == null ? OptionalDouble.empty() : OptionalDouble.of(avg.doubleValue()),
                num(r.get(SERVER_STATISTICS.UNIQUE_CLIENTS)),
                Optional.ofNullable(r.get(SERVER_STATISTICS.LAST_REQUEST_TIME)));
    }

    private static long num(Integer v) {
        return v == null ? 0 : v;
    }
}
