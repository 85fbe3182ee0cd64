package io.mockloop.db.cli;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes, counts and durations for the tables the commands print. */
final class Units {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Units() {
    }

    /** @return {@code bytes} in binary units with one decimal above 1 KiB ("512 B", "1.5 MiB"); "?" when negative */
    static String bytes(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }

    /** @return {@code n} with thousands separators ("1,234,567") */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** @return a short duration: "850 ms", "12.3 s", "4m05s", "1h02m" */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /** @return {@code millis} as {@link #duration(Duration)} */
    static String millis(long millis) {
        return duration(Duration.ofMillis(millis));
    }
}
