package io.mockloop.db.cli;

import io.mockloop.db.ConfigurationException;
import io.mockloop.db.Durations;
import io.mockloop.db.log.LogFilter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The request-log filters shared by {@code export} and {@code freeze} ({@code --method}, {@code --status},
 * {@code --since}, {@code --until}, {@code --path}), and the one time grammar of every command that takes a time.
 */
final class LogFilterOptions {

    private static final Pattern STATUS = Pattern.compile("([1-5])xx|(\\d{3})(?:-(\\d{3}))?", Pattern.CASE_INSENSITIVE);
    /** The longest age --since and --until take: about a hundred years. */
    private static final long MAX_AGE_DAYS = 36_500;

    @Option(names = "--method", paramLabel = "METHOD", split = ",",
            description = "Only these methods (repeat or separate with commas).")
    List<String> methods = new ArrayList<>();

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only this status (404), class (4xx) or range (400-499).")
    String status;

    @Option(names = "--since", paramLabel = "TIME", description = "Only logs at or after this time.")
    String since;

    @Option(names = "--until", paramLabel = "TIME", description = "Only logs before this time.")
    String until;

    @Option(names = "--path", paramLabel = "PATH",
            description = "Only this path; with * (any characters) or ? (one character) a glob: /api/*.")
    String path;

    /**
     * Adds these options' criteria to {@code b}.
     *
     * @param cl the command line, for usage errors
     * @param b the filter being built
     * @return {@code b}
     * @throws ParameterException when a value is malformed or out of range (exit 2)
     */
    LogFilter.Builder apply(CommandLine cl, LogFilter.Builder b) {
        methods.stream().map(String::strip).filter(m -> !m.isEmpty()).forEach(b::methods);
        if (status != null) {
            Matcher m = STATUS.matcher(status.strip());
            if (!m.matches()) {
                throw new ParameterException(cl, "--status must be a status (404), a class (4xx) or a range"
                        + " (400-499) (was '" + status + "')");
            }
            if (m.group(1) != null) {
                b.statusClass(Integer.parseInt(m.group(1)));
            } else {
                int lo = Integer.parseInt(m.group(2));
                int hi = m.group(3) == null ? lo : Integer.parseInt(m.group(3));
                if (lo < 100 || hi > 599 || lo > hi) {
                    throw new ParameterException(cl, "--status must be an HTTP status between 100 and 599, or a"
                            + " range of them low to high (was '" + status + "')");
                }
                b.statusBetween(lo, hi);
            }
        }
        Instant now = Instant.now();
        if (since != null) {
            b.from(time(cl, "--since", since, now));
        }
        if (until != null) {
            b.to(time(cl, "--until", until, now));
        }
        if (path != null) {
            if (path.contains("*") || path.contains("?")) {
                b.pathGlob(path);
            } else {
                b.path(path);
            }
        }
        return b;
    }

    /**
     * @param cl the command line, for usage errors
     * @param option the option's name, for the message
     * @param value an ISO instant (2026-11-01T08:00:00Z), a date (2026-11-01, UTC midnight) or an age (90m, 24h, 7d:
     *              that long before {@code now}; any duration of the library's grammar, see {@code Durations})
     * @param now the time ages count back from
     * @return the instant
     * @throws ParameterException when the value is none of these, or an age of more than about a hundred years
     */
    static Instant time(CommandLine cl, String option, String value, Instant now) {
        String v = value.strip();
        if (!v.isEmpty() && Character.isDigit(v.charAt(0)) && v.indexOf('-') < 0) {
            // an age, in the library's one duration grammar (Durations): 90m, 24h, 7d, 1.5h, 30 (seconds)
            Duration age;
            try {
                age = Durations.parse(option, v);
            } catch (ConfigurationException e) {
                throw new ParameterException(cl, option + " must be an ISO instant (2026-11-01T08:00:00Z), a date"
                        + " (2026-11-01) or an age (24h, 7d) of at most " + MAX_AGE_DAYS + " days (was '" + value
                        + "')");
            }
            if (age.compareTo(Duration.ofDays(MAX_AGE_DAYS)) > 0) {
                throw new ParameterException(cl, option + " must be an age of at most " + MAX_AGE_DAYS + " days (was '"
                        + value + "')");
            }
            return now.minus(age);
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new ParameterException(cl, option + " must be an ISO instant (2026-11-01T08:00:00Z), a date"
                        + " (2026-11-01) or an age (24h, 7d) (was '" + value + "')");
            }
        }
    }
}
