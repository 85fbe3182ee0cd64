package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.ValidationException;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.scenario.EndpointResponse;
import io.mockloop.db.scenario.FreezeOptions;
import io.mockloop.db.scenario.Scenario;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code mockloop db freeze --server-id ID --name NAME [filters]}: recorded traffic into a new scenario. */
@Command(name = "freeze", description = {
    "Freeze recorded traffic into a new, inactive scenario of the server: for every method and path among the"
        + " matching request logs, the most recent (or most frequent) response becomes an endpoint response"
        + " (status, headers without hop-by-hop and redacted ones, body). Activate it with the library"
        + " (scenarios().activate) to serve what was recorded.",
    "Times (--since, --until): an ISO instant (2026-11-01T08:00:00Z), a date (2026-11-01, UTC midnight) or an age"
        + " (90m, 24h, 7d: that long ago).",
    "Exit 1 when the server does not exist, no log matches or a rule is broken; exit 3 when the scenario exists"
        + " (nothing is written in either case)."})
final class FreezeCommand extends DbSubcommand {

    @Option(names = "--server-id", paramLabel = "ID", required = true,
            description = "The server whose logs to freeze and that gets the scenario.")
    String serverId;

    @Option(names = "--name", paramLabel = "NAME", required = true, description = "The new scenario's name.")
    String name;

    @Option(names = "--pick", paramLabel = "WHICH", defaultValue = "most-recent",
            description = "most-recent or most-frequent response per endpoint (default: ${DEFAULT-VALUE}).")
    String pick;

    @Option(names = "--median-delay", description = "Delay each response by the median response time recorded.")
    boolean medianDelay;

    @Option(names = "--template-ids", description = "Turn numeric and UUID path segments seen with several values"
            + " into templates (/pets/42 and /pets/7 become /pets/{id}).")
    boolean templateIds;

    @Mixin
    LogFilterOptions filters;

    @Mixin
    JsonOption output;

    private LogFilter filter;
    private FreezeOptions options;

    @Override
    void validateArguments() {
        if (serverId.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--server-id must not be blank");
        }
        if (name.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--name must not be blank");
        }
        FreezeOptions.Pick p = switch (pick.strip().toLowerCase(Locale.ROOT)) {
            case "most-recent" -> FreezeOptions.Pick.MOST_RECENT;
            case "most-frequent" -> FreezeOptions.Pick.MOST_FREQUENT;
            default -> throw new ParameterException(spec.commandLine(), "--pick must be most-recent or most-frequent"
                    + " (was '" + pick + "')");
        };
        options = FreezeOptions.DEFAULTS.withPick(p).withMedianDelay(medianDelay).withTemplateIds(templateIds);
        try {
            filter = filters.apply(spec.commandLine(), LogFilter.builder().server(serverId)).build();
        } catch (ValidationException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    int run(MockLoopDb db) {
        Scenario s;
        try {
            s = db.scenarios().createFromTraffic(serverId, name, filter, options);
        } catch (io.mockloop.db.ConflictException e) {
            err().println("mockloop: " + e.getMessage() + "; choose another --name (nothing was written)");
            return MockLoopCli.EXIT_REFUSED;
        }
        if (output.json) {
            printJson(obj("database", describe(db), "serverId", serverId, "scenario", s.name(), "description",
                    s.description().orElse(null), "active", s.active(), "endpoints", s.config().endpoints().stream()
                            .map(e -> obj("method", e.method(), "path", e.pathTemplate(), "status", e.status(),
                                    "delayMs", e.delayMs(), "headers", e.headers().size(), "bodyChars",
                                    e.body().map(String::length).orElse(0))).toList()));
            return MockLoopCli.EXIT_OK;
        }
        out().printf("created scenario '%s' of server '%s' (inactive): %s%n", s.name(), serverId,
                s.description().orElse(""));
        Table t = new Table("endpoint", ">status", ">delay");
        for (EndpointResponse e : s.config().endpoints()) {
            t.row(e.method() + " " + e.pathTemplate(), e.status(), Units.millis(e.delayMs()));
        }
        t.print(out());
        return MockLoopCli.EXIT_OK;
    }
}
