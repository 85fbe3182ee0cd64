package io.mockloop.db;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of mockloop-db's configuration: the YAML file ({@code database.statement_timeout},
 * {@code database.pool_timeout}, {@code database.retention.interval}, ...), the {@code MOCKLOOP_DB_*} environment
 * variables and the command line's durations and ages all read a duration with {@link #parse(String, String)}.
 *
 * <p>The grammar: a non-negative number, whole or decimal, then optionally (after optional spaces) a unit:
 * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, in any case; a number without a unit is seconds. So
 * {@code 500ms}, {@code 2.5s}, {@code 30}, {@code 15m}, {@code 24h} and {@code 7d} are durations, and {@code -1s},
 * {@code 1w}, {@code PT1S} and {@code ""} are not. The result is rounded to whole milliseconds.
 *
 * <p>Stateless and thread-safe.
 */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    /**
     * Reads a duration in the grammar above.
     *
     * @param setting the setting's name as the user wrote it, for the message ({@code database.statement_timeout},
     *                {@code MOCKLOOP_DB_SOCKET_TIMEOUT}, {@code --since})
     * @param text the value as written
     * @return the duration, never negative
     * @throws NullPointerException when {@code setting} or {@code text} is null
     * @throws ConfigurationException naming the setting and the value when {@code text} is not a duration, or is
     *         too long to hold in milliseconds
     */
    public static Duration parse(String setting, String text) {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(text, "text");
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigurationException(setting, setting + " must be a duration such as"
                    + " 500ms, 60s, 15m, 24h or 7d (was '" + text + "')");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = amount * switch (unit) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        if (millis > Long.MAX_VALUE / 2) {
            throw new ConfigurationException(setting, setting + " is too long (was '" + text + "')");
        }
        return Duration.ofMillis(Math.round(millis));
    }
}
