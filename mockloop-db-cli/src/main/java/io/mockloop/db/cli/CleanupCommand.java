package io.mockloop.db.cli;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.NotFoundException;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.RequestLogStore;
import io.mockloop.db.log.RetentionResult;
import io.mockloop.db.webhook.WebhookStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code mockloop db cleanup --days N [--server-id ID] [--dry-run] [--logs-only]}: deletes request logs older than N
 * days in chunks (one transaction each, so the mock servers keep logging), then webhook delivery attempts older than
 * 7 days. Ctrl-C stops at a chunk boundary and reports what was deleted (exit 1).
 */
@Command(name = "cleanup", description = {
    "Delete request logs older than --days in chunks of " + RequestLogStore.RETENTION_CHUNK + " rows (one"
        + " transaction each: writers wait at most one chunk), then webhook delivery attempts older than 7 days"
        + " (unless --logs-only or --server-id).",
    "Ctrl-C stops at a chunk boundary and reports what was deleted (exit 1); run it again to finish.",
    "Exit 1 when --server-id names neither a registered server nor any request log."})
final class CleanupCommand extends DbSubcommand {

    @Option(names = "--days", paramLabel = "N", required = true,
            description = "Delete request logs older than N days (N >= 1).")
    int days;

    @Option(names = "--server-id", paramLabel = "ID",
            description = "Only this server's request logs (webhook deliveries are then left alone).")
    String serverId;

    @Option(names = "--dry-run", description = "Count what would be deleted; delete nothing.")
    boolean dryRun;

    @Option(names = "--logs-only", description = "Leave webhook delivery attempts alone.")
    boolean logsOnly;

    @Mixin
    JsonOption output;

    @Override
    void validateArguments() {
        if (days < 1 || days > 36_500) {
            throw new ParameterException(spec.commandLine(), "--days must be between 1 and 36500 (was " + days + ")");
        }
        if (serverId != null && serverId.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--server-id must not be blank");
        }
    }

    @Override
    int run(MockLoopDb db) {
        Instant cutoff = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofDays(days));
        LogFilter.Builder scope = serverId == null ? LogFilter.builder() : LogFilter.builder().server(serverId);
        LogFilter older = scope.to(cutoff).build();
        if (serverId != null && db.servers().find(serverId).isEmpty()
                && db.requestLogs().count(LogFilter.builder().server(serverId).build()) == 0) {
            throw new NotFoundException("server", serverId);
        }
        boolean deliveries = !logsOnly && serverId == null;
        long matching = db.requestLogs().count(older);
        if (dryRun) {
            long total = db.requestLogs().count(LogFilter.ALL);
            long purgeable = deliveries ? db.webhooks().countPurgeable(WebhookStore.DEFAULT_RETENTION) : -1;
            if (output.json) {
                printJson(obj("database", describe(db), "dryRun", true, "days", days, "cutoff", cutoff.toString(),
                        "serverId", serverId, "requestLogs", obj("wouldDelete", matching, "remaining",
                                total - matching), "webhookDeliveries", deliveries ? obj("wouldDelete", purgeable) : "left"));
            } else {
                out().printf("dry run: would delete %s request logs older than %d days (before %s)%s; %s would"
                        + " remain%n", Units.count(matching), days, cutoff, scope(), Units.count(total - matching));
                out().println(deliveries ? "dry run: would delete " + Units.count(purgeable)
                        + " webhook delivery attempts older than 7 days" : "webhook delivery attempts: left alone");
            }
            return MockLoopCli.EXIT_OK;
        }
        long start = System.nanoTime();
        RetentionResult r = progress().run("cleanup", Progress.Unit.of("request logs"), matching,
                () -> matching - db.requestLogs().count(older),
                () -> serverId == null ? db.requestLogs().cleanup(cutoff) : db.requestLogs().cleanup(cutoff, serverId));
        boolean interrupted = r.interrupted() || cancellation().requested();
        long purged = -1;
        if (deliveries && !interrupted) {
            purged = db.webhooks().purgeDeliveries(WebhookStore.DEFAULT_RETENTION);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (output.json) {
            printJson(obj("database", describe(db), "dryRun", false, "days", days, "cutoff", cutoff.toString(),
                    "serverId", serverId, "requestLogs", obj("deleted", r.deleted(), "remaining", r.remaining(),
                            "partitionsDropped", r.partitionsDropped()),
                    "webhookDeliveries", purged < 0 ? null : obj("deleted", purged),
                    "interrupted", interrupted, "durationMillis", millis));
        } else {
            out().printf("deleted %s request logs older than %d days (before %s)%s in %s; %s remain%n",
                    Units.count(r.deleted()), days, cutoff, scope(), Units.millis(millis), Units.count(r.remaining()));
            if (r.partitionsDropped() > 0) {
                out().printf("(%d whole monthly partitions of request_logs dropped)%n", r.partitionsDropped());
            }
            if (purged >= 0) {
                out().printf("purged %s webhook delivery attempts older than 7 days%n", Units.count(purged));
            }
        }
        if (interrupted) {
            err().printf("mockloop: cleanup interrupted after deleting %s of %s request logs (whole chunks only);"
                    + " run it again to delete the rest%n", Units.count(r.deleted()), Units.count(matching));
            return MockLoopCli.EXIT_FAILED;
        }
        return MockLoopCli.EXIT_OK;
    }

    private String scope() {
        return serverId == null ? "" : " of server '" + serverId + "'";
    }
}
