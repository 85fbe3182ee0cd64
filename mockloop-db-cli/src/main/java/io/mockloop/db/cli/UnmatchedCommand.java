package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.ValidationException;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.UnmatchedRequest;
import io.mockloop.db.scenario.MissReason;
import io.mockloop.db.scenario.NearMiss;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code mockloop db unmatched [--server-id ID] [--since TIME] [--limit N]}: requests no mock answered. */
@Command(name = "unmatched", description = {
    "List the requests no mock answered (request logs a host marked unmatched), grouped by server, method and path"
        + " shape (numeric and UUID segments shown as {id}), the most requested first, with count, first and last"
        + " seen, and the server's nearest mocks with the reasons each missed.",
    "Times (--since): an ISO instant (2026-11-01T08:00:00Z), a date (2026-11-01, UTC midnight) or an age (90m, 24h,"
        + " 7d: that long ago)."})
final class UnmatchedCommand extends DbSubcommand {

    @Option(names = "--server-id", paramLabel = "ID", description = "Only this server's requests.")
    String serverId;

    @Option(names = "--since", paramLabel = "TIME", description = "Only requests at or after this time.")
    String since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
            description = "Most groups shown, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    JsonOption output;

    private LogFilter filter;

    @Override
    void validateArguments() {
        if (limit < 1 || limit > 1_000) {
            throw new ParameterException(spec.commandLine(), "--limit must be 1 to 1000 (was " + limit + ")");
        }
        LogFilter.Builder b = LogFilter.builder();
        if (serverId != null) {
            b.server(serverId);
        }
        if (since != null) {
            b.from(LogFilterOptions.time(spec.commandLine(), "--since", since, Instant.now()));
        }
        try {
            filter = b.build();
        } catch (ValidationException e) {
            throw new ParameterException(spec.commandLine(), (e.field().equals("serverId") ? "--server-id "
                    : e.field() + " ") + e.rule() + " (was '" + e.value() + "')");
        }
    }

    @Override
    int run(MockLoopDb db) {
        List<UnmatchedRequest> groups = db.requestLogs().listUnmatched(filter, limit);
        if (output.json) {
            printJson(obj("database", describe(db), "serverId", serverId, "since",
                    filter.from() == null ? null : filter.from().toString(), "groups", groups.stream()
                            .map(UnmatchedCommand::json).toList()));
            return MockLoopCli.EXIT_OK;
        }
        out().println("database: " + describe(db));
        if (groups.isEmpty()) {
            out().println("no unmatched requests" + (serverId == null ? "" : " for server '" + serverId + "'")
                    + (filter.from() == null ? "" : " since " + filter.from()));
            return MockLoopCli.EXIT_OK;
        }
        Table t = new Table(">count", "first seen", "last seen", "server", "request", "nearest mock");
        for (UnmatchedRequest g : groups) {
            t.row(Units.count(g.count()), g.firstSeen(), g.lastSeen(), g.serverId().orElse("-"),
                    g.method() + " " + g.pathShape(), g.nearest().isEmpty() ? "-" : line(g.nearest().get(0)));
        }
        t.print(out());
        return MockLoopCli.EXIT_OK;
    }

    /** @return "GET /pets/{petId}: segment 1: 'pet' where the mock has 'pets'" */
    static String line(NearMiss n) {
        return n.method() + " " + n.pathTemplate() + ": " + n.reasons().stream().map(UnmatchedCommand::reason)
                .collect(Collectors.joining("; "));
    }

    private static String reason(MissReason r) {
        return switch (r.kind()) {
            case METHOD_DIFFERS -> "answers " + r.detail();
            case PATH_SEGMENT_DIFFERS -> r.detail();
            case SCENARIO_NOT_ACTIVE -> "scenario '" + r.detail() + "' not active";
            case DEFAULT_ON_OTHER_SERVER -> "default of server '" + r.detail() + "'";
        };
    }

    private static Map<String, Object> json(UnmatchedRequest g) {
        return obj("serverId", g.serverId().orElse(null), "method", g.method(), "pathShape", g.pathShape(),
                "count", g.count(), "firstSeen", g.firstSeen().toString(), "lastSeen", g.lastSeen().toString(),
                "samplePaths", g.samplePaths(), "nearest", g.nearest().stream().map(n -> obj("serverId",
                        n.serverId(), "method", n.method(), "pathTemplate", n.pathTemplate(), "status", n.status(),
                        "source", n.source().name(), "scenario", n.scenario().orElse(null), "responseId",
                        n.responseId().isPresent() ? n.responseId().getAsLong() : null, "reasons",
                        n.reasons().stream().map(r -> obj("kind", r.kind().name(), "detail", r.detail(), "segment",
                                r.segment().isPresent() ? r.segment().getAsInt() : null)).toList())).toList());
    }
}
