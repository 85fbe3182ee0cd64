package io.mockloop.db.internal.scenario;

import io.mockloop.db.ValidationException;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.LogPolicy;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.FreezeOptions;
import io.mockloop.db.scenario.ScenarioConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Recorded traffic frozen into a scenario configuration ({@code ScenarioStore#createFromTraffic}): one endpoint per
 * method and path (or path template), its response picked from the logs. Runs on the caller's transaction.
 */
final class TrafficFreeze {

    /** Hop-by-hop headers (RFC 9110 7.6.1) and Content-Length, which the serving mock computes itself. */
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te", "trailer",
            "upgrade", "content-length");

    /** A response as it would be frozen: what MOST_FREQUENT counts. */
    private record Response(int status, Map<String, String> headers, Optional<String> body) {
    }

    /** The logs of one endpoint: its responses (with count and latest position) and its response times. */
    private static final class Endpoint {
        final String method;
        final String path;
        final Map<Response, long[]> responses = new LinkedHashMap<>(); // {count, last seen position}
        final List<Integer> times = new ArrayList<>();

        Endpoint(String method, String path) {
            this.method = method;
            this.path = path;
        }

        void add(Response r, Integer time, long position) {
            long[] seen = responses.computeIfAbsent(r, k -> new long[2]);
            seen[0]++;
            seen[1] = position;
            if (time != null) {
                times.add(time);
            }
        }
    }

    private TrafficFreeze() {
    }

    /**
     * @param tx the transaction
     * @param serverId the scenario's server
     * @param filter which logs (its server defaults to serverId)
     * @param options how
     * @return the configuration and how many logs it was frozen from
     * @throws ValidationException when the filter selects no log to freeze
     */
    static Map.Entry<ScenarioConfig, Long> freeze(StoreContext tx, String serverId, LogFilter filter,
                                                  FreezeOptions options) {
        LogFilter.Builder b = filter.toBuilder().oldestFirst();
        if (filter.serverId() == null) {
            b.server(serverId);
        }
        LogFilter selected = b.build();
        Set<String> redacted = new HashSet<>();
        for (String h : options.policy().redactedHeaders()) {
            redacted.add(h.toLowerCase(Locale.ROOT));
        }
        Map<String, Endpoint> endpoints = new TreeMap<>(); // by path, then method
        long used = 0;
        try (Stream<RequestLog> logs = tx.stores().requestLogs().stream(selected)) {
            for (RequestLog l : (Iterable<RequestLog>) logs::iterator) {
                if (l.unmatched()) {
                    continue;
                }
                used++;
                String method = l.method().toUpperCase(Locale.ROOT);
                endpoints.computeIfAbsent(l.path() + '\u0000' + method, k -> new Endpoint(method, l.path()))
                        .add(new Response(l.responseStatus(), headers(l.responseHeaders(), redacted),
                                Optional.ofNullable(l.responseBody())), l.responseTimeMs(), used);
            }
        }
        if (used == 0) {
            throw new ValidationException("filter", "must select at least one request log of server '"
                    + Objects.requireNonNullElse(selected.serverId(), serverId) + "' to freeze (no mock-answered log"
                    + " matched)", filter);
        }
        Map<String, String> templates = options.templateIds() ? templates(endpoints.values()) : Map.of();
        // endpoints that share a template merge: their logs' responses compete together
        Map<String, Endpoint> merged = new TreeMap<>();
        for (Endpoint e : endpoints.values()) {
            String path = templates.getOrDefault(e.method + ' ' + e.path, e.path);
            Endpoint into = merged.computeIfAbsent(path + '\u0000' + e.method, k -> new Endpoint(e.method, path));
            e.responses.forEach((r, seen) -> {
                long[] s = into.responses.computeIfAbsent(r, k -> new long[2]);
                s[0] += seen[0];
                s[1] = Math.max(s[1], seen[1]);
            });
            into.times.addAll(e.times);
        }
        List<EndpointResponse> out = new ArrayList<>(merged.size());
        for (Endpoint e : merged.values()) {
            Response r = pick(e, options.pick());
            int delay = options.medianDelay() ? median(e.times) : 0;
            out.add(new EndpointResponse(e.method, e.path, r.status(), r.headers(), r.body(), delay));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("frozen_from_request_logs", used);
        metadata.put("pick", options.pick().name());
        return Map.entry(new ScenarioConfig(out, metadata), used);
    }

    private static Response pick(Endpoint e, FreezeOptions.Pick pick) {
        Response best = null;
        long[] bestSeen = null;
        for (Map.Entry<Response, long[]> entry : e.responses.entrySet()) {
            long[] seen = entry.getValue();
            boolean better = bestSeen == null || (pick == FreezeOptions.Pick.MOST_FREQUENT && seen[0] != bestSeen[0]
                    ? seen[0] > bestSeen[0] : seen[1] > bestSeen[1]);
            if (better) {
                best = entry.getKey();
                bestSeen = seen;
            }
        }
        return best;
    }

    private static Map<String, String> headers(Map<String, List<String>> logged, Set<String> redacted) {
        Map<String, String> out = new LinkedHashMap<>();
        logged.forEach((name, values) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(n) || n.startsWith("proxy-") || redacted.contains(n) || values.isEmpty()
                    || values.contains(LogPolicy.REDACTED)) {
                return;
            }
            out.put(name, String.join(", ", values));
        });
        return out;
    }

    /** Median in whole milliseconds (the mean of the middle two, rounded half up), capped at the delay limit. */
    private static int median(List<Integer> times) {
        if (times.isEmpty()) {
            return 0;
        }
        int[] t = times.stream().mapToInt(Integer::intValue).sorted().toArray();
        long m = t.length % 2 == 1 ? t[t.length / 2] : Math.round((t[t.length / 2 - 1] + (double) t[t.length / 2]) / 2);
        return (int) Math.min(Math.max(m, 0), Checks.MAX_DELAY_MS);
    }

    /**
     * For every (method, path shape) seen with several paths: the template of each of its paths, in which the
     * identifier positions whose value varied become {id}, {id2}, ... (numbered left to right).
     *
     * @return "METHOD path" to template; paths not templated are absent
     */
    private static Map<String, String> templates(Iterable<Endpoint> endpoints) {
        Map<String, List<String[]>> byShape = new LinkedHashMap<>();
        for (Endpoint e : endpoints) {
            byShape.computeIfAbsent(e.method + ' ' + PathShapes.shape(e.path), k -> new ArrayList<>())
                    .add(PathTemplate.split(e.path));
        }
        Map<String, String> out = new LinkedHashMap<>();
        byShape.forEach((key, paths) -> {
            if (paths.size() < 2) {
                return;
            }
            String method = key.substring(0, key.indexOf(' '));
            String[] first = paths.get(0);
            boolean[] varies = new boolean[first.length];
            for (int i = 0; i < first.length; i++) {
                if (PathShapes.isIdentifier(first[i])) {
                    for (String[] p : paths) {
                        varies[i] |= !p[i].equals(first[i]);
                    }
                }
            }
            for (String[] p : paths) {
                String[] t = Arrays.copyOf(p, p.length);
                int n = 0;
                for (int i = 0; i < t.length; i++) {
                    if (varies[i]) {
                        t[i] = "{" + PathShapes.parameter(n++) + "}";
                    }
                }
                out.put(method + ' ' + String.join("/", p), String.join("/", t));
            }
        });
        return out;
    }
}
