package io.mockloop.db.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** --since/--until: an instant, a date, or an age in the library's one duration grammar. */
class LogFilterOptionsTest {

    private static final CommandLine CL = new CommandLine(CommandSpec.create());
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void anAgeIsReadInTheLibrarysDurationGrammar() {
        assertThat(LogFilterOptions.time(CL, "--since", "7d", NOW)).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(LogFilterOptions.time(CL, "--since", "90m", NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(90)));
        assertThat(LogFilterOptions.time(CL, "--since", "1.5h", NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(90)));
        assertThat(LogFilterOptions.time(CL, "--since", "500ms", NOW)).isEqualTo(NOW.minusMillis(500));
        assertThat(LogFilterOptions.time(CL, "--since", "30", NOW)).isEqualTo(NOW.minusSeconds(30));
    }

    @Test
    void instantsAndDatesStillRead() {
        assertThat(LogFilterOptions.time(CL, "--until", "2026-11-01T08:00:00Z", NOW))
                .isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
        assertThat(LogFilterOptions.time(CL, "--until", "2026-11-01", NOW))
                .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }

    @Test
    void aValueOfNoKindAndAnAgeTooLongAreRefusedNamingTheOptionAndTheValue() {
        assertThatThrownBy(() -> LogFilterOptions.time(CL, "--since", "7 weeks", NOW))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--since must be an ISO instant").hasMessageContaining("(was '7 weeks')");
        assertThatThrownBy(() -> LogFilterOptions.time(CL, "--since", "yesterday", NOW))
                .isInstanceOf(ParameterException.class)
                .hasMessageContaining("--since must be an ISO instant").hasMessageContaining("(was 'yesterday')");
        assertThatThrownBy(() -> LogFilterOptions.time(CL, "--since", "36501d", NOW))
                .isInstanceOf(ParameterException.class)
                .hasMessage("--since must be an age of at most 36500 days (was '36501d')");
    }
}
