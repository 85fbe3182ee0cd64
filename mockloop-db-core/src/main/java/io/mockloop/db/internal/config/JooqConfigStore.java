package io.mockloop.db.internal.config;

import static io.mockloop.db.internal.jooq.generated.tables.SystemConfig.SYSTEM_CONFIG;

import io.mockloop.db.ValidationException;
import io.mockloop.db.config.ConfigEntry;
import io.mockloop.db.config.ConfigStore;
import io.mockloop.db.config.SettingKey;
import io.mockloop.db.internal.Errors;
import io.mockloop.db.internal.StoreContext;
import io.mockloop.db.internal.TextRules;
import io.mockloop.db.internal.jooq.generated.tables.records.SystemConfigRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ConfigStore} on table system_config. Thread-safe (stateless apart from its context). */
public final class JooqConfigStore implements ConfigStore {

    private static final Logger LOG = LoggerFactory.getLogger(JooqConfigStore.class);
    static final int MAX_KEY = 255;
    static final int MAX_TEXT = 16_383;

    private final StoreContext ctx;

    /** @param ctx the store context */
    public JooqConfigStore(StoreContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public int logRetentionDays() {
        return (int) readLong(SettingKey.LOG_RETENTION_DAYS, 1, Integer.MAX_VALUE);
    }

    @Override
    public long maxLogEntries() {
        return readLong(SettingKey.MAX_LOG_ENTRIES, 1, Long.MAX_VALUE);
    }

    @Override
    public Duration defaultResponseDelay() {
        return Duration.ofMillis(readLong(SettingKey.DEFAULT_RESPONSE_DELAY, 0, 600_000));
    }

    @Override
    public Duration webhookTimeout() {
        return Duration.ofSeconds(readLong(SettingKey.WEBHOOK_TIMEOUT, 1, 3600));
    }

    @Override
    public void setLogRetentionDays(int days) {
        set(SettingKey.LOG_RETENTION_DAYS.key(), String.valueOf(days));
    }

    @Override
    public void setMaxLogEntries(long entries) {
        set(SettingKey.MAX_LOG_ENTRIES.key(), String.valueOf(entries));
    }

    @Override
    public void setDefaultResponseDelay(Duration delay) {
        String key = SettingKey.DEFAULT_RESPONSE_DELAY.key();
        java.util.Objects.requireNonNull(delay, "delay");
        // compare before converting: toMillis() overflows on huge durations
        if (delay.isNegative() || delay.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ValidationException(key, "must be between 0 and 10 minutes", delay);
        }
        if (delay.getNano() % 1_000_000 != 0) {
            throw new ValidationException(key, "must be a whole number of milliseconds", delay);
        }
        set(key, String.valueOf(delay.toMillis()));
    }

    @Override
    public void setWebhookTimeout(Duration timeout) {
        String key = SettingKey.WEBHOOK_TIMEOUT.key();
        java.util.Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new ValidationException(key, "must be between 1 second and 1 hour", timeout);
        }
        if (timeout.getNano() != 0) {
            throw new ValidationException(key, "must be a whole number of seconds", timeout);
        }
        set(key, String.valueOf(timeout.toSeconds()));
    }

    private long readLong(SettingKey key, long min, long max) {
        Optional<String> raw = get(key.key());
        if (raw.isEmpty()) {
            return Long.parseLong(key.defaultValue());
        }
        try {
            long v = Long.parseLong(raw.get().trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the default
        }
        LOG.warn("system_config {} holds '{}', which is not a number between {} and {}; using the default {}",
                key.key(), raw.get(), min, max, key.defaultValue());
        return Long.parseLong(key.defaultValue());
    }

    /** Checks a value for a seed key; other keys take any string. */
    static void validate(String key, String value) {
        Optional<SettingKey> seed = SettingKey.of(key);
        if (seed.isEmpty()) {
            return;
        }
        long min;
        long max;
        switch (seed.get()) {
            case LOG_RETENTION_DAYS -> { min = 1; max = Integer.MAX_VALUE; }
            case MAX_LOG_ENTRIES -> { min = 1; max = Long.MAX_VALUE; }
            case DEFAULT_RESPONSE_DELAY -> { min = 0; max = 600_000; }
            case WEBHOOK_TIMEOUT -> { min = 1; max = 3600; }
            default -> throw new IllegalStateException(seed.get().name());
        }
        String rule = "must be a whole number between " + min + " and " + max;
        // digits only: no sign, no blanks, nothing a reader in another process might parse differently
        if (value == null || value.isEmpty() || value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ValidationException(key, rule, value);
        }
        try {
            long v = Long.parseLong(value);
            if (v < min || v > max) {
                throw new ValidationException(key, rule, value);
            }
        } catch (NumberFormatException e) {
            throw new ValidationException(key, rule, value);
        }
    }

    private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_.:-]*");

    private static void checkKey(String key) {
        if (key == null || key.isBlank()) {
            throw new ValidationException("key", "must not be blank", key);
        }
        if (key.length() > MAX_KEY) {
            throw new ValidationException("key", "must be at most " + MAX_KEY + " characters", key);
        }
        // MariaDB/MySQL compare this column case- and accent-insensitively, SQLite and PostgreSQL do not
        if (!KEY.matcher(key).matches()) {
            throw new ValidationException("key",
                    "must be lower-case ASCII letters, digits, '_', '.', ':' or '-', starting with a letter or digit", key);
        }
    }

    private static void checkText(String field, String text) {
        if (text != null && text.length() > MAX_TEXT) {
            throw new ValidationException(field, "must be at most " + MAX_TEXT + " characters", text);
        }
        TextRules.storable(field, text);
    }

    @Override
    public Optional<String> get(String key) {
        java.util.Objects.requireNonNull(key, "key");
        checkKey(key);
        return ctx.read("read setting '" + key + "'",
                rd -> rd.dsl().select(SYSTEM_CONFIG.VALUE).from(SYSTEM_CONFIG).where(SYSTEM_CONFIG.KEY.eq(key))
                .fetchOptional(SYSTEM_CONFIG.VALUE));
    }

    @Override
    public void set(String key, String value) {
        java.util.Objects.requireNonNull(key, "key");
        java.util.Objects.requireNonNull(value, "value");
        write(key, value, null);
    }

    @Override
    public void set(String key, String value, String description) {
        java.util.Objects.requireNonNull(key, "key");
        java.util.Objects.requireNonNull(value, "value");
        java.util.Objects.requireNonNull(description, "description");
        write(key, value, description);
    }

    @Override
    public void clear(String key) {
        java.util.Objects.requireNonNull(key, "key");
        write(key, null, null);
    }

    /** Writes {@code value} (null: SQL NULL) and, unless it is null, {@code description}. */
    private void write(String key, String value, String description) {
        checkKey(key);
        checkText("value", value);
        checkText("description", description);
        validate(key, value);
        String finalDescription = description != null ? description
                : SettingKey.of(key).map(SettingKey::description).orElse(null);
        ctx.transactionResult("set setting '" + key + "'", tx -> {
            DSLContext dsl = tx.dsl();
            Instant now = Instant.now();
            var update = dsl.update(SYSTEM_CONFIG).set(SYSTEM_CONFIG.VALUE, value).set(SYSTEM_CONFIG.UPDATED_AT, now);
            int n = (description != null ? update.set(SYSTEM_CONFIG.DESCRIPTION, description) : update)
                    .where(SYSTEM_CONFIG.KEY.eq(key)).execute();
            if (n == 0) {
                try {
                    // in a savepoint: on PostgreSQL a failed statement would otherwise poison the transaction
                    dsl.transaction(sp -> sp.dsl().insertInto(SYSTEM_CONFIG)
                            .set(SYSTEM_CONFIG.KEY, key)
                            .set(SYSTEM_CONFIG.VALUE, value)
                            .set(SYSTEM_CONFIG.DESCRIPTION, finalDescription)
                            .set(SYSTEM_CONFIG.CREATED_AT, now)
                            .set(SYSTEM_CONFIG.UPDATED_AT, now)
                            .execute());
                } catch (RuntimeException e) {
                    if (!Errors.isUniqueViolation(e)) {
                        throw e;
                    }
                    // another writer inserted the key first: ours is the later write
                    var retry = dsl.update(SYSTEM_CONFIG).set(SYSTEM_CONFIG.VALUE, value)
                            .set(SYSTEM_CONFIG.UPDATED_AT, now);
                    (description != null ? retry.set(SYSTEM_CONFIG.DESCRIPTION, description) : retry)
                            .where(SYSTEM_CONFIG.KEY.eq(key)).execute();
                }
            }
            return null;
        });
    }

    @Override
    public boolean remove(String key) {
        java.util.Objects.requireNonNull(key, "key");
        checkKey(key);
        if (SettingKey.of(key).isPresent()) {
            throw new ValidationException("key", "is a built-in setting and cannot be removed (set it instead)", key);
        }
        return ctx.transactionResult("remove setting '" + key + "'",
                rd -> rd.dsl().deleteFrom(SYSTEM_CONFIG).where(SYSTEM_CONFIG.KEY.eq(key)).execute() > 0);
    }

    @Override
    public void reset(SettingKey key) {
        java.util.Objects.requireNonNull(key, "key");
        set(key.key(), key.defaultValue(), key.description());
    }

    @Override
    public List<ConfigEntry> list() {
        return ctx.read("list settings",
                rd -> rd.dsl().selectFrom(SYSTEM_CONFIG).orderBy(SYSTEM_CONFIG.KEY).fetch(JooqConfigStore::toEntry));
    }

    private static ConfigEntry toEntry(SystemConfigRecord r) {
        return new ConfigEntry(r.getKey(), Optional.ofNullable(r.getValue()), Optional.ofNullable(r.getDescription()),
                r.getCreatedAt(), r.getUpdatedAt());
    }
}
