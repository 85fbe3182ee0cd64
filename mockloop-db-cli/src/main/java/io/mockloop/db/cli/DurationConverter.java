package io.mockloop.db.cli;

import io.mockloop.db.ConfigurationException;
import io.mockloop.db.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration option in the library's one grammar ({@link Durations}): 10, 10s, 500ms, 2m, 1h, 7d. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse("value", value);
        } catch (ConfigurationException e) {
            throw new TypeConversionException("must be a duration such as 10, 500ms, 10s, 2m, 1h or 7d (was '" + value
                    + "')");
        }
    }
}
