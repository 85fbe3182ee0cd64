package io.mockloop.db.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.ConfigurationException;
import io.mockloop.db.MockLoopDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's and the YAML block's retention settings; nothing is opened. */
class RetentionConfigTest {

    @TempDir
    Path dir;

    private Optional<RetentionSettings> read(String retentionBlock, Map<String, String> env) throws IOException {
        Path yaml = Files.writeString(dir.resolve("mockloop.yaml"), "database:\n  type: sqlite\n  path: ':memory:'\n"
                + retentionBlock);
        return MockLoopDb.builder().yaml(yaml, env).retentionSettings();
    }

    @Test
    void retentionIsOffUnlessTurnedOn() throws IOException {
        assertThat(MockLoopDb.builder().retentionSettings()).isEmpty();
        assertThat(read("", Map.of())).isEmpty();
        assertThat(read("  retention:\n    enabled: false\n    interval: 1h\n", Map.of())).isEmpty();
        assertThat(MockLoopDb.builder().retention(RetentionSettings.DEFAULTS).noRetention().retentionSettings())
                .isEmpty();
        assertThatThrownBy(() -> MockLoopDb.builder().retention(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("retention");
        assertThatThrownBy(() -> MockLoopDb.builder().url(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("jdbcUrl");
        assertThatThrownBy(() -> MockLoopDb.builder().sqliteFile(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("file");
    }

    @Test
    void theYamlBlockSetsEveryDurationWithItsUnit() throws IOException {
        assertThat(read("  retention:\n    enabled: true\n    interval: 15m\n    initial_delay: 500ms\n"
                + "    webhook_delivery_retention: 3d\n", Map.of()))
                .contains(new RetentionSettings(Duration.ofMinutes(15), Duration.ofMillis(500), Duration.ofDays(3),
                        RetentionListener.NONE));
        assertThat(read("  retention:\n    interval: 24h\n    initial_delay: 60\n", Map.of()))
                .contains(RetentionSettings.DEFAULTS);
        assertThat(read("  retention:\n    interval: ${RETENTION_EVERY:-2h}\n", Map.of("RETENTION_EVERY", "90s")))
                .contains(RetentionSettings.every(Duration.ofSeconds(90)));
        assertThat(read("  retention: {}\n", Map.of())).contains(RetentionSettings.DEFAULTS);
    }

    @Test
    void anUnknownKeyOrABadDurationIsRefusedNamingTheSettingAndTheValue() {
        assertThatThrownBy(() -> read("  retention:\n    every: 1h\n", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("database.retention.every is not a known setting (known: enabled, initial_delay, interval,"
                        + " webhook_delivery_retention)")
                .extracting(e -> ((ConfigurationException) e).setting()).isEqualTo("database.retention.every");
        assertThatThrownBy(() -> read("  retention:\n    interval: soon\n", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("database.retention.interval must be a duration such as 500ms, 60s, 15m, 24h or 7d"
                        + " (was 'soon')");
        assertThatThrownBy(() -> read("  retention:\n    enabled: maybe\n", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("database.retention.enabled must be true or false (was 'maybe')");
        assertThatThrownBy(() -> read("  retention: 24h\n", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("database.retention must be a mapping (was string)");
        assertThatThrownBy(() -> read("  retention:\n    interval: 5ms\n", Map.of()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("retention.interval must be >= 10 ms (was PT0.005S)");
    }

    @Test
    void theSettingsRecordRefusesOutOfRangeDurations() {
        assertThatThrownBy(() -> RetentionSettings.every(Duration.ZERO)).isInstanceOf(ConfigurationException.class)
                .hasMessage("retention.interval must be >= 10 ms (was PT0S)");
        assertThatThrownBy(() -> RetentionSettings.DEFAULTS.withInitialDelay(Duration.ofSeconds(-1)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("retention.initial_delay must be >= 0 (was PT-1S)");
        assertThatThrownBy(() -> RetentionSettings.DEFAULTS.withWebhookDeliveryRetention(Duration.ofDays(-1)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("retention.webhook_delivery_retention must be >= 0 (was PT-24H)");
        // huge durations are refused by name instead of overflowing (ArithmeticException) in the scheduler
        assertThatThrownBy(() -> RetentionSettings.every(Duration.ofSeconds(Long.MAX_VALUE)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("retention.interval must be <= 366 days (was PT")
                .extracting(e -> ((ConfigurationException) e).setting()).isEqualTo("retention.interval");
        assertThat(RetentionSettings.every(Duration.ofDays(366)).interval()).isEqualTo(Duration.ofDays(366));
        assertThatThrownBy(() -> RetentionSettings.DEFAULTS.withInitialDelay(Duration.ofDays(367)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("retention.initial_delay must be <= 366 days (was PT8808H)");
        assertThatThrownBy(() -> RetentionSettings.DEFAULTS.withWebhookDeliveryRetention(Duration.ofDays(36_501)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("retention.webhook_delivery_retention must be <= 36500 days (was PT876024H)");
        assertThatThrownBy(() -> RetentionSettings.DEFAULTS.withListener(null)).isInstanceOf(NullPointerException.class);
        assertThat(RetentionSettings.DEFAULTS).isEqualTo(new RetentionSettings(Duration.ofHours(24),
                Duration.ofSeconds(60), Duration.ofDays(7), RetentionListener.NONE));
    }
}
