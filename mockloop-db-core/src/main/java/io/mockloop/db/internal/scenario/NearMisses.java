package io.mockloop.db.internal.scenario;

import static io.mockloop.db.internal.jooq.generated.Tables.MOCK_RESPONSES;
import static io.mockloop.db.internal.jooq.generated.Tables.SCENARIOS;

import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.internal.TextRules;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.MissExplanation;
import io.mockloop.db.scenario.MissReason;
import io.mockloop.db.scenario.MissReason.Kind;
import io.mockloop.db.scenario.NearMiss;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.scenario.ResolvedResponse.Source;
import io.mockloop.db.scenario.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jooq.Record;

/**
 * Near misses: for a request nothing matched, the mocks that came closest and why each missed, ranked as
 * {@link MissExplanation} documents. Reads the server's scenarios and responses and the other servers' defaults for
 * the request's method. Stateless and thread-safe.
 */
public final class NearMisses {

    /** Longest request path explained (the request log's own cap). */
    static final int MAX_PATH = 8_192;

    /** A mock that could answer a request, wherever it is defined; rank is its precedence (lower first). */
    private record Mock(String serverId, String method, PathTemplate template, int status, Source source,
                        Optional<String> scenario, OptionalLong responseId, boolean scenarioActive,
                        boolean otherServer, int rank) {
    }

    private record Ranked(NearMiss miss, int distance, int rank) {
    }

    private NearMisses() {
    }

    /**
     * Checks explain's arguments.
     *
     * @param serverId the server
     * @param method the method
     * @param path the path
     * @return the method in upper case
     * @throws ValidationException naming the first argument that breaks a rule
     */
    public static String check(String serverId, String method, String path) {
        Checks.name("serverId", serverId);
        String m = Checks.method("method", method);
        if (path == null || !path.startsWith("/")) {
            throw new ValidationException("path", "must start with '/'", path);
        }
        if (path.length() > MAX_PATH) {
            throw new ValidationException("path", "must be at most " + MAX_PATH + " characters", path);
        }
        TextRules.storable("path", path);
        return m;
    }

    /**
     * Resolves and, on a miss, explains, all on {@code c} (call it inside one transaction for one snapshot).
     *
     * @param c a context
     * @param serverId a checked server id
     * @param method a checked, upper-case method
     * @param path a checked path
     * @return the explanation
     */
    public static MissExplanation explain(StoreContext c, String serverId, String method, String path) {
        return new Explainer(c, serverId).explain(method, path);
    }

    /**
     * @param c a context
     * @param serverId a checked server id
     * @param method a checked, upper-case method
     * @param path a checked path
     * @param match what resolving gave
     * @return the explanation: the match, or the nearest mocks
     */
    static MissExplanation explain(StoreContext c, String serverId, String method, String path,
                                   Optional<ResolvedResponse> match) {
        if (match.isPresent()) {
            return new MissExplanation(serverId, method, path, match, List.of());
        }
        return new MissExplanation(serverId, method, path, Optional.empty(), nearest(load(c, serverId, method),
                method, PathTemplate.splitRequest(path)));
    }

    /**
     * Explains many requests of one server on one context, reading the server's mocks once (and other servers'
     * defaults once per method): for listing unmatched requests. Not thread-safe; use it within one read.
     */
    public static final class Explainer {
        private final StoreContext c;
        private final String serverId;
        private ServerSnapshot snapshot;
        private final Map<String, List<Mock>> mocks = new HashMap<>();

        /**
         * @param c the context to read on
         * @param serverId a server id
         */
        public Explainer(StoreContext c, String serverId) {
            this.c = c;
            this.serverId = serverId;
        }

        /**
         * @param method an upper-case method
         * @param path a request path
         * @return the explanation, as {@link #explain(StoreContext, String, String, String)} gives it
         */
        public MissExplanation explain(String method, String path) {
            if (snapshot == null) {
                snapshot = ServerSnapshot.load(c, serverId);
            }
            Optional<ResolvedResponse> match = snapshot.resolve(method, path);
            if (match.isPresent()) {
                return new MissExplanation(serverId, method, path, match, List.of());
            }
            return new MissExplanation(serverId, method, path, Optional.empty(), nearest(
                    mocks.computeIfAbsent(method, m -> load(c, serverId, m)), method,
                    PathTemplate.splitRequest(path)));
        }
    }

    private static List<Mock> load(StoreContext c, String serverId, String method) {
        List<Mock> mocks = new ArrayList<>();
        Map<Long, Scenario> scenarios = new HashMap<>();
        for (Record r : c.dsl().selectFrom(SCENARIOS).where(SCENARIOS.SERVER_ID.eq(serverId))
                .orderBy(SCENARIOS.ID).fetch()) {
            Scenario s = Rows.scenario(r);
            scenarios.put(s.id(), s);
        }
        for (Record r : c.dsl().selectFrom(MOCK_RESPONSES).where(MOCK_RESPONSES.SERVER_ID.eq(serverId))
                .orderBy(MOCK_RESPONSES.ID).fetch()) {
            Long scenarioId = r.get(MOCK_RESPONSES.SCENARIO_ID);
            Scenario s = scenarioId == null ? null : scenarios.get(scenarioId);
            boolean isDefault = Boolean.TRUE.equals(r.get(MOCK_RESPONSES.IS_DEFAULT));
            if (s == null && !isDefault) {
                continue; // a row bound to no scenario and not a default is never served
            }
            boolean active = s == null || s.active();
            mocks.add(new Mock(serverId, upper(r.get(MOCK_RESPONSES.METHOD)),
                    new PathTemplate(r.get(MOCK_RESPONSES.ENDPOINT_PATH)), r.get(MOCK_RESPONSES.RESPONSE_STATUS),
                    s == null ? Source.DEFAULT_RESPONSE : Source.SCENARIO_RESPONSE,
                    Optional.ofNullable(s == null ? null : s.name()), OptionalLong.of(r.get(MOCK_RESPONSES.ID)),
                    active, false, s == null ? 2 : active ? 0 : 3));
        }
        for (Scenario s : scenarios.values()) {
            for (EndpointResponse e : s.config().endpoints()) {
                mocks.add(new Mock(serverId, upper(e.method()), new PathTemplate(e.pathTemplate()), e.status(),
                        Source.SCENARIO_CONFIG, Optional.of(s.name()), OptionalLong.empty(), s.active(), false,
                        s.active() ? 1 : 4));
            }
        }
        for (Record r : c.dsl().selectFrom(MOCK_RESPONSES).where(MOCK_RESPONSES.SERVER_ID.ne(serverId)
                .and(MOCK_RESPONSES.IS_DEFAULT.isTrue()).and(MOCK_RESPONSES.SCENARIO_ID.isNull())
                .and(MOCK_RESPONSES.METHOD.eq(method))).orderBy(MOCK_RESPONSES.ID).fetch()) {
            mocks.add(new Mock(r.get(MOCK_RESPONSES.SERVER_ID), upper(r.get(MOCK_RESPONSES.METHOD)),
                    new PathTemplate(r.get(MOCK_RESPONSES.ENDPOINT_PATH)), r.get(MOCK_RESPONSES.RESPONSE_STATUS),
                    Source.DEFAULT_RESPONSE, Optional.empty(), OptionalLong.of(r.get(MOCK_RESPONSES.ID)), true, true,
                    5));
        }
        return mocks;
    }

    private static String upper(String method) {
        return method.toUpperCase(Locale.ROOT);
    }

    private static List<NearMiss> nearest(List<Mock> mocks, String method, String[] request) {
        List<Ranked> ranked = new ArrayList<>();
        for (Mock m : mocks) {
            String[] template = PathTemplate.split(m.template().template());
            if (!near(template, request) || m.otherServer() && !m.template().matches(request)) {
                continue;
            }
            List<MissReason> reasons = new ArrayList<>();
            if (!m.method().equals(method)) {
                reasons.add(new MissReason(Kind.METHOD_DIFFERS, m.method(), OptionalInt.empty()));
            }
            int distance = 0;
            for (int i = 1; i < Math.max(template.length, request.length); i++) {
                if (i >= template.length) {
                    reasons.add(segment(i, "'" + request[i] + "' is not in the mock's path"));
                    distance += request[i].length();
                } else if (i >= request.length) {
                    reasons.add(segment(i, "the mock's '" + template[i] + "' is missing"));
                    distance += template[i].length();
                } else if (!segmentMatches(template[i], request[i])) {
                    reasons.add(segment(i, "'" + request[i] + "' where the mock has '" + template[i] + "'"));
                    distance += editDistance(template[i], request[i]);
                }
            }
            if (!m.scenarioActive()) {
                reasons.add(new MissReason(Kind.SCENARIO_NOT_ACTIVE, m.scenario().orElseThrow(), OptionalInt.empty()));
            }
            if (m.otherServer()) {
                reasons.add(new MissReason(Kind.DEFAULT_ON_OTHER_SERVER, m.serverId(), OptionalInt.empty()));
            }
            if (reasons.isEmpty()) {
                continue; // it matches: shadowed by a more precedent tier, never a near miss
            }
            ranked.add(new Ranked(new NearMiss(m.serverId(), m.method(), m.template().template(), m.status(),
                    m.source(), m.scenario(), m.responseId(), reasons), distance, m.rank()));
        }
        ranked.sort(Comparator.<Ranked>comparingInt(r -> r.miss().reasons().size())
                .thenComparingInt(Ranked::distance)
                .thenComparingInt(Ranked::rank)
                .thenComparing(r -> r.miss().pathTemplate())
                .thenComparing(r -> r.miss().method())
                .thenComparing(r -> r.miss().serverId()));
        List<NearMiss> out = new ArrayList<>(MissExplanation.MAX_NEAREST);
        for (Ranked r : ranked) {
            if (out.size() == MissExplanation.MAX_NEAREST) {
                break;
            }
            if (!out.contains(r.miss())) {
                out.add(r.miss());
            }
        }
        return out;
    }

    private static MissReason segment(int index, String detail) {
        return new MissReason(Kind.PATH_SEGMENT_DIFFERS, "segment " + index + ": " + detail, OptionalInt.of(index));
    }

    private static boolean isParameter(String segment) {
        return segment.length() >= 2 && segment.charAt(0) == '{' && segment.charAt(segment.length() - 1) == '}'
                && segment.indexOf('{', 1) < 0;
    }

    private static boolean segmentMatches(String template, String request) {
        return isParameter(template) ? !request.isEmpty() : template.equals(request);
    }

    /**
     * Whether a literal segment of the mock equals the request's segment at the same position or is within a few
     * edits of it (at most a third of its length, at least one), or both are {@code /}.
     */
    private static boolean near(String[] template, String[] request) {
        boolean requestRoot = request.length == 2 && request[1].isEmpty();
        boolean templateRoot = template.length == 2 && template[1].isEmpty();
        if (requestRoot || templateRoot) {
            return requestRoot && templateRoot;
        }
        for (int i = 1; i < Math.min(template.length, request.length); i++) {
            if (template[i].isEmpty() || isParameter(template[i])) {
                continue;
            }
            if (editDistance(template[i], request[i]) <= Math.max(1, template[i].length() / 3)) {
                return true;
            }
        }
        return false;
    }

    /** Levenshtein distance; segments are short (a path segment of a mock). */
    private static int editDistance(String a, String b) {
        if (a.length() > 256 || b.length() > 256) {
            return Math.max(a.length(), b.length());
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
