package io.mockloop.db.server;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A registered mock server (a row of mock_servers). Immutable; optional columns are {@code Optional}s, never null.
 *
 * @param id the server id
 * @param name the human-readable name
 * @param specPath the path of the API specification
 * @param specContent the specification text, if stored
 * @param outputDirectory the directory of the generated files
 * @param port the port, if known
 * @param status the life-cycle state
 * @param pid the process id, if recorded
 * @param config the server configuration (a JSON object as plain Java values; empty when none is stored),
 *               deep-copied: nested maps and lists are unmodifiable too
 * @param createdAt when it was registered
 * @param updatedAt when it last changed
 * @param startedAt when it last went to running
 * @param stoppedAt when it last went to stopped or error
 */
public record MockServer(String id, String name, String specPath, Optional<String> specContent,
                         String outputDirectory, OptionalInt port, ServerStatus status, OptionalInt pid,
                         Map<String, Object> config, Instant createdAt, Instant updatedAt,
                         Optional<Instant> startedAt, Optional<Instant> stoppedAt) {

    /** Checks that no component is null and freezes {@code config} deeply. */
    public MockServer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(specPath, "specPath");
        Objects.requireNonNull(specContent, "specContent");
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(pid, "pid");
        config = JsonConfig.freeze(Objects.requireNonNull(config, "config"));
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(stoppedAt, "stoppedAt");
    }
}
