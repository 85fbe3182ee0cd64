package io.mockloop.db;

import java.time.Instant;

/**
 * The values every supported database stores and compares alike, as the stores check them: text without NUL
 * characters (PostgreSQL cannot store NUL) or unpaired UTF-16 surrogates (every driver silently turns one into
 * {@code '?'}), and instants in the years 0001 to 9999 UTC (outside it PostgreSQL refuses the value, MySQL/MariaDB
 * DATETIME cannot hold it, and SQLite's timestamp text stops sorting in time order). Query values such as
 * {@code LogFilter} apply the same checks, so a value refused here is refused by every store.
 *
 * <p>Stateless and thread-safe.
 */
public final class StorableValues {

    /** The earliest instant stored or compared: 0001-01-01T00:00:00Z. */
    public static final Instant EARLIEST_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    /** The latest instant stored or compared: 9999-12-31T23:59:59.999Z. */
    public static final Instant LATEST_INSTANT = Instant.parse("9999-12-31T23:59:59.999Z");

    private StorableValues() {
    }

    /**
     * Checks a text a store would write.
     *
     * @param field the field name, for the message
     * @param value the text; {@code null} (an absent value) passes
     * @return {@code value}
     * @throws ValidationException naming {@code field} and the value when it holds a NUL character or an unpaired
     *         UTF-16 surrogate
     */
    public static String requireStorableText(String field, String value) {
        requireNoNul(field, value);
        requireNoUnpairedSurrogate(field, value);
        return value;
    }

    /**
     * @param field the field name, for the message
     * @param value a text; {@code null} passes
     * @return {@code value}
     * @throws ValidationException naming {@code field} and the value when it holds a NUL character
     */
    public static String requireNoNul(String field, String value) {
        if (value != null && value.indexOf('\0') >= 0) {
            throw new ValidationException(field, "must not contain NUL characters", value);
        }
        return value;
    }

    /**
     * @param field the field name, for the message
     * @param value a text; {@code null} passes
     * @return {@code value}
     * @throws ValidationException naming {@code field} and the value when it holds an unpaired UTF-16 surrogate
     */
    public static String requireNoUnpairedSurrogate(String field, String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ValidationException(field, "must not contain unpaired UTF-16 surrogates", value);
            }
        }
        return value;
    }

    /**
     * Checks an instant a store would write or compare.
     *
     * @param field the field name, for the message
     * @param value the instant; {@code null} (an absent value) passes
     * @return {@code value}
     * @throws ValidationException naming {@code field} and the value when it is before {@link #EARLIEST_INSTANT}
     *         or after {@link #LATEST_INSTANT}
     */
    public static Instant requireStorableInstant(String field, Instant value) {
        if (value != null && (value.isBefore(EARLIEST_INSTANT) || value.isAfter(LATEST_INSTANT))) {
            throw new ValidationException(field, "must be between " + EARLIEST_INSTANT + " and " + LATEST_INSTANT,
                    value);
        }
        return value;
    }
}
