package io.mockloop.db.internal;

import io.mockloop.db.StorableValues;
import io.mockloop.db.ValidationException;
import java.time.Instant;

/**
 * The instants every database can hold and compare: years 0001 to 9999 (UTC). Outside it PostgreSQL refuses the
 * value, MySQL/MariaDB DATETIME cannot hold it, and SQLite's timestamp text stops sorting in time order. Stateless.
 */
public final class TimeRules {

    /** The earliest instant stored or compared: 0001-01-01T00:00:00Z. */
    public static final Instant MIN = StorableValues.EARLIEST_INSTANT;
    /** The latest instant stored or compared: 9999-12-31T23:59:59.999Z. */
    public static final Instant MAX = StorableValues.LATEST_INSTANT;

    private TimeRules() {
    }

    /**
     * @param field the field name, for the message
     * @param value an instant, or null
     * @return {@code value}
     * @throws ValidationException when {@code value} is before {@link #MIN} or after {@link #MAX}
     */
    public static Instant inRange(String field, Instant value) {
        return StorableValues.requireStorableInstant(field, value);
    }

    /**
     * The test {@link #inRange} applies, for callers that build the field name only when it fails (or that answer
     * something else than a {@link ValidationException}).
     *
     * @param value an instant, or null
     * @return whether {@code value} is null or within {@link #MIN} to {@link #MAX}
     */
    public static boolean isInRange(Instant value) {
        return value == null || !(value.isBefore(MIN) || value.isAfter(MAX));
    }
}
