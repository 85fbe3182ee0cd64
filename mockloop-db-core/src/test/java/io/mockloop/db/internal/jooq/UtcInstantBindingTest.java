package io.mockloop.db.internal.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The stored text form of a time, written and read digit by digit, agrees with {@link DateTimeFormatter} (the way
 * it was written and read before, and still is for every other form). Database-free.
 */
class UtcInstantBindingTest {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private static String byFormatter(Instant i) {
        LocalDateTime t = LocalDateTime.ofInstant(i.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
        return (t.getNano() == 0 ? SECONDS : MILLIS).format(t);
    }

    @Test
    void formatAndParseAgreeWithTheFormatterOverTheWholeRange() {
        long min = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
        long max = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
        SplittableRandom random = new SplittableRandom(19);
        for (int n = 0; n < 50_000; n++) {
            long ms = random.nextLong(min, max + 1);
            if (n % 3 == 0) {
                ms -= Math.floorMod(ms, 1000); // whole seconds: the short form
            }
            Instant i = Instant.ofEpochMilli(ms).plusNanos(random.nextInt(1_000_000)); // below a milli: cut
            String text = UtcInstantBinding.format(i);
            assertThat(text).isEqualTo(byFormatter(i));
            assertThat(UtcInstantBinding.parse(text)).isEqualTo(i.truncatedTo(ChronoUnit.MILLIS));
        }
        for (String edge : new String[] {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2024-02-29T12:00:00.001Z",
                "1970-01-01T00:00:00Z", "2026-12-07T14:22:10.100Z"}) {
            Instant i = Instant.parse(edge);
            assertThat(UtcInstantBinding.format(i)).isEqualTo(byFormatter(i));
            assertThat(UtcInstantBinding.parse(UtcInstantBinding.format(i))).isEqualTo(i);
        }
    }

    @Test
    void yearsOutsideTheStoredRangeStillGoThroughTheFormatter() {
        Instant beforeYearOne = Instant.parse("0000-06-01T00:00:00Z");
        assertThat(UtcInstantBinding.format(beforeYearOne)).isEqualTo(byFormatter(beforeYearOne));
        Instant farFuture = Instant.parse("+10000-01-01T00:00:00Z");
        assertThat(UtcInstantBinding.format(farFuture)).isEqualTo(byFormatter(farFuture));
    }

    @Test
    void otherFormsAndInvalidTextsAreReadAsBefore() {
        assertThat(UtcInstantBinding.parse("2026-12-07T14:22:10Z")).isEqualTo(Instant.parse("2026-12-07T14:22:10Z"));
        assertThat(UtcInstantBinding.parse("2026-12-07 14:22:10.5")).isEqualTo(Instant.parse("2026-12-07T14:22:10.5Z"));
        assertThat(UtcInstantBinding.parse("2026-12-07 14:22:10.123456789"))
                .isEqualTo(Instant.parse("2026-12-07T14:22:10.123Z"));
        assertThat(UtcInstantBinding.parse(" 2026-12-07 14:22:10 ")).isEqualTo(Instant.parse("2026-12-07T14:22:10Z"));
        assertThat(UtcInstantBinding.parse("1733581330123")).isEqualTo(Instant.ofEpochMilli(1733581330123L));
        // canonical-looking but no valid time: the formatter decides, as it always did (its SMART resolver moves
        // 30 February to the month's last day and 24:00 to the next midnight; an hour of 25 is refused)
        assertThat(UtcInstantBinding.parse("2023-02-30 10:00:00"))
                .isEqualTo(LocalDateTime.parse("2023-02-30 10:00:00", SECONDS).toInstant(ZoneOffset.UTC));
        assertThat(UtcInstantBinding.parse("2023-01-01 24:00:00")).isEqualTo(Instant.parse("2023-01-02T00:00:00Z"));
        assertThatThrownBy(() -> UtcInstantBinding.parse("2023-01-01 25:00:00")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> UtcInstantBinding.parse("2023-0a-01 10:00:00")).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> UtcInstantBinding.parse("not a time")).isInstanceOf(DateTimeException.class);
    }
}
