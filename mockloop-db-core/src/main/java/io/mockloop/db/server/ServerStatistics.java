package io.mockloop.db.server;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One row of the server_statistics view: request figures of one server over all its request_logs rows. A server
 * without traffic has zero counts and empty optionals. Immutable.
 *
 * @param serverId the server
 * @param serverName its name
 * @param status its status
 * @param totalRequests logged requests
 * @param errorRequests logged requests answered with status 400 or above
 * @param averageResponseTimeMs the average response time, empty without timed requests
 * @param uniqueClients distinct client IPs
 * @param lastRequestTime the newest request, empty without requests
 */
public record ServerStatistics(String serverId, String serverName, ServerStatus status, long totalRequests,
                               long errorRequests, OptionalDouble averageResponseTimeMs, long uniqueClients,
                               Optional<Instant> lastRequestTime) {

    /** Checks that no component is null and counts are not negative. */
    public ServerStatistics {
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(averageResponseTimeMs, "averageResponseTimeMs");
        Objects.requireNonNull(lastRequestTime, "lastRequestTime");
        if (totalRequests < 0 || errorRequests < 0 || uniqueClients < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
    }
}
