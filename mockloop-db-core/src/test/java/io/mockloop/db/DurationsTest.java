package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Durations}: the one duration grammar of the YAML file, the environment and the command line. */
class DurationsTest {

    @Test
    void everyUnitAndABareNumberOfSecondsAreRead() {
        assertThat(Durations.parse("s", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("s", "2.5s")).isEqualTo(Duration.ofMillis(2_500));
        assertThat(Durations.parse("s", "30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("s", "0.25")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("s", "15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Durations.parse("s", "24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("s", "7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Durations.parse("s", " 10 S ")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("s", "0")).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1s", "1w", "PT1S", "s", "1.s", "1e3", "10 seconds"})
    void anythingElseIsRefusedNamingTheSettingAndTheValue(String text) {
        assertThatThrownBy(() -> Durations.parse("database.retention.interval", text))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("database.retention.interval must be a duration such as 500ms, 60s, 15m, 24h or 7d"
                        + " (was '" + text + "')")
                .extracting(e -> ((ConfigurationException) e).setting()).isEqualTo("database.retention.interval");
    }

    @Test
    void aDurationTooLongForMillisecondsIsRefused() {
        assertThatThrownBy(() -> Durations.parse("MOCKLOOP_DB_SOCKET_TIMEOUT", "99999999999999999d"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("MOCKLOOP_DB_SOCKET_TIMEOUT is too long (was '99999999999999999d')");
    }

    @Test
    void nullIsRefusedByName() {
        assertThatThrownBy(() -> Durations.parse("x", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("text");
        assertThatThrownBy(() -> Durations.parse(null, "1s")).isInstanceOf(NullPointerException.class)
                .hasMessage("setting");
    }

    @Test
    void yamlPoolTimeoutReadsTheSameGrammar(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("mockloop.yaml");
        Files.writeString(yaml, "database:\n  type: sqlite\n  path: " + dir.resolve("a.db") + "\n  pool_timeout: 1.5s\n");
        assertThat(MockLoopDb.builder().yaml(yaml, Map.of()).settings().poolTimeout())
                .isEqualTo(Duration.ofMillis(1_500));
        Files.writeString(yaml, "database:\n  type: sqlite\n  pool_timeout: 2 weeks\n");
        assertThatThrownBy(() -> MockLoopDb.builder().yaml(yaml, Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("database.pool_timeout must be a duration such as 500ms, 60s, 15m, 24h or 7d"
                        + " (was '2 weeks')");
    }

    @Test
    void aRefusedYamlFileLeavesTheBuilderAsItWas(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("mockloop.yaml");
        Files.writeString(yaml, "database:\n  type: sqlite\n  username: someone\n  pool_size: 3\n  echo: maybe\n");
        MockLoopDb.Builder b = MockLoopDb.builder().poolSize(7);
        assertThatThrownBy(() -> b.yaml(yaml, Map.of())).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("database.echo");
        assertThat(b.settings().poolSize()).isEqualTo(7);
        assertThat(b.settings().username()).isEmpty();
    }
}
