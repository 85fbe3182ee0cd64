package io.mockloop.db.config;

import java.util.Optional;

/** The seed's system_config keys with their defaults and descriptions. */
public enum SettingKey {
    /** Number of days to retain request logs. */
    LOG_RETENTION_DAYS("log_retention_days", "30", "Number of days to retain request logs"),
    /** Maximum number of log entries to keep. */
    MAX_LOG_ENTRIES("max_log_entries", "100000", "Maximum number of log entries to keep"),
    /** Default response delay in milliseconds. */
    DEFAULT_RESPONSE_DELAY("default_response_delay", "0", "Default response delay in milliseconds"),
    /** Webhook timeout in seconds. */
    WEBHOOK_TIMEOUT("webhook_timeout", "30", "Webhook timeout in seconds");

    private final String key;
    private final String defaultValue;
    private final String description;

    SettingKey(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** @return the key as stored, for example {@code "log_retention_days"} */
    public String key() {
        return key;
    }

    /** @return the seed's default value as text */
    public String defaultValue() {
        return defaultValue;
    }

    /** @return the seed's description */
    public String description() {
        return description;
    }

    /**
     * @param key a stored key
     * @return the seed key with that name, or empty for any other key
     */
    public static Optional<SettingKey> of(String key) {
        for (SettingKey k : values()) {
            if (k.key.equals(key)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
