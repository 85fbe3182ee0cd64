package io.mockloop.db.config;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of system_config.
 *
 * @param key the key
 * @param value the value; empty when SQL NULL
 * @param description what the setting means; empty when none
 * @param createdAt when the row was created
 * @param updatedAt when the row was last written
 */
public record ConfigEntry(String key, Optional<String> value, Optional<String> description, Instant createdAt,
                          Instant updatedAt) {

    /** Compact constructor: checks for nulls. */
    public ConfigEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
