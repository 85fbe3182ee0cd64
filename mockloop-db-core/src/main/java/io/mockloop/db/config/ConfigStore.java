package io.mockloop.db.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Typed access to the system settings (table system_config). The seed's four keys have typed getters and
 * validated setters; any other key may hold a free-form string.
 *
 * <p>Getters never fail on a missing or unreadable row: they return the seed's default for that key (and log a
 * warning naming the key and the stored value when it cannot be read). Setters validate, then write in one
 * transaction, maintaining updated_at; a refused call writes nothing. Inside
 * {@link io.mockloop.db.MockLoopDb#inTransaction} every call joins the caller's transaction.
 *
 * <p>Keys are 1 to 255 characters of lower-case ASCII letters, digits, {@code _ . : -}, starting with a letter or
 * digit: MariaDB/MySQL compare the key column case- and accent-insensitively while SQLite and PostgreSQL do not,
 * so a freer key would name one row on one database and two on another. Values are any text (quotes, SQL,
 * Unicode, emoji) up to 16,383 characters without NUL, and come back exactly as stored. No parameter may be
 * {@code null}: a {@code null} argument throws {@link NullPointerException} naming it.
 *
 * <p>Thread-safe.
 */
public interface ConfigStore {

    /**
     * @return how many days request logs are kept ({@code log_retention_days}; default
     *         {@link SettingKey#LOG_RETENTION_DAYS}'s {@link SettingKey#defaultValue()})
     */
    int logRetentionDays();

    /**
     * @return the most request logs kept ({@code max_log_entries}; default {@link SettingKey#MAX_LOG_ENTRIES}'s
     *         {@link SettingKey#defaultValue()})
     */
    long maxLogEntries();

    /**
     * @return the delay added to mock responses ({@code default_response_delay}, ms; default
     *         {@link SettingKey#DEFAULT_RESPONSE_DELAY}'s {@link SettingKey#defaultValue()})
     */
    Duration defaultResponseDelay();

    /**
     * @return how long one webhook delivery may take ({@code webhook_timeout}, seconds; default
     *         {@link SettingKey#WEBHOOK_TIMEOUT}'s {@link SettingKey#defaultValue()})
     */
    Duration webhookTimeout();

    /**
     * @param days at least 1
     * @throws io.mockloop.db.ValidationException when {@code days} is below 1
     */
    void setLogRetentionDays(int days);

    /**
     * @param entries at least 1
     * @throws io.mockloop.db.ValidationException when {@code entries} is below 1
     */
    void setMaxLogEntries(long entries);

    /**
     * @param delay 0 or more, at most 10 minutes, a whole number of milliseconds
     * @throws NullPointerException when {@code delay} is {@code null}
     * @throws io.mockloop.db.ValidationException when negative, above 10 minutes or not a whole number of
     *         milliseconds
     */
    void setDefaultResponseDelay(Duration delay);

    /**
     * @param timeout at least 1 second, at most 1 hour, a whole number of seconds
     * @throws NullPointerException when {@code timeout} is {@code null}
     * @throws io.mockloop.db.ValidationException when outside that range or not whole seconds
     */
    void setWebhookTimeout(Duration timeout);

    /**
     * @param key any key
     * @return the stored value, or empty when the key is absent or its value is SQL NULL
     * @throws io.mockloop.db.ValidationException when the key breaks the key rule (see the class comment)
     */
    Optional<String> get(String key);

    /**
     * Stores a value under any key, creating the row when absent, and sets updated_at. A seed key is validated by
     * its rule: its value must be a plain decimal number (digits only) in the setter's range, for example
     * {@code set("log_retention_days", "0")} is refused. A new extra key gets no description; a new seed key gets
     * the seed's.
     *
     * @param key see the class comment
     * @param value at most 16,383 characters (what a MySQL TEXT column holds in utf8mb4)
     * @throws io.mockloop.db.ValidationException when the key or value breaks a rule
     */
    void set(String key, String value);

    /**
     * As {@link #set(String, String)}, also setting the row's description.
     *
     * @param key see the class comment
     * @param value the value
     * @param description at most 16,383 characters ({@link #set(String, String)} keeps the current one)
     * @throws io.mockloop.db.ValidationException when a field breaks a rule
     */
    void set(String key, String value, String description);

    /**
     * Stores SQL NULL as the value of a key that is not one of the seed's (creating the row when absent, with no
     * description), and sets updated_at; {@link #get(String)} then returns empty and the key stays listed.
     *
     * @param key see the class comment
     * @throws io.mockloop.db.ValidationException when {@code key} is one of the seed's keys (they hold numbers) or
     *         breaks the key rule
     */
    void clear(String key);

    /**
     * Removes a key that is not one of the seed's four.
     *
     * @param key the key
     * @return whether a row was removed
     * @throws io.mockloop.db.ValidationException when {@code key} is one of the seed's keys (use
     *         {@link #reset(SettingKey)} instead) or breaks the key rule
     */
    boolean remove(String key);

    /**
     * Restores a seed key's default value and description (recreating the row when it was deleted).
     *
     * @param key the seed key
     * @throws NullPointerException when {@code key} is {@code null}
     */
    void reset(SettingKey key);

    /** @return every setting with its description, ordered by key; empty only if the table is empty */
    List<ConfigEntry> list();
}
