package io.mockloop.db.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mockloop.db.ConfigurationException;
import io.mockloop.db.spring.boot.internal.ConfigurationFailureAnalyzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A refused mockloop.db.* value fails the start with the library's ConfigurationException naming the property. */
class RefusedPropertyTest {

    private final FreshDatabase database = FreshDatabase.create(FreshDatabase.Kind.SQLITE_FILE);

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void aPoolSizeOfZeroFailsTheStartNamingTheProperty() {
        Path own = database.dir().resolve("own.db");
        Map<String, Object> properties = new LinkedHashMap<>(database.dataSourceProperties());
        properties.put("mockloop.db.url", "jdbc:sqlite:" + own);
        properties.put("mockloop.db.pool-size", 0);

        Throwable failure = catchThrowable(() -> HostApplication.run(WebApplicationType.NONE, properties, null));

        assertThat(failure).isNotNull();
        ConfigurationException refused = causeOf(failure);
        assertThat(refused.setting()).isEqualTo("mockloop.db.pool-size");
        assertThat(refused).hasMessage("mockloop.db.pool-size is refused: poolSize must be >= 1 (was 0)");
        assertThat(refused.getCause()).isInstanceOf(ConfigurationException.class)
                .hasMessage("poolSize must be >= 1 (was 0)");
        assertThat(own).as("nothing is opened or created").doesNotExist();

        FailureAnalysis analysis = new ConfigurationFailureAnalyzer().analyze(failure);
        assertThat(analysis.getDescription()).isEqualTo(refused.getMessage());
        assertThat(analysis.getAction()).startsWith("Correct mockloop.db.pool-size");
    }

    @Test
    void aBadSqlitePragmaFailsTheStartNamingTheProperty() {
        Map<String, Object> properties = new LinkedHashMap<>(database.dataSourceProperties());
        properties.put("mockloop.db.url", "jdbc:sqlite:" + database.dir().resolve("own.db"));
        properties.put("mockloop.db.sqlite.journal-mode", "SIDEWAYS");

        Throwable failure = catchThrowable(() -> HostApplication.run(WebApplicationType.NONE, properties, null));

        ConfigurationException refused = causeOf(failure);
        assertThat(refused.setting()).isEqualTo("mockloop.db.sqlite.journal-mode");
        assertThat(refused).hasMessageStartingWith("mockloop.db.sqlite.journal-mode is refused: sqlite.journal_mode"
                + " must be one of DELETE, TRUNCATE, PERSIST, MEMORY, WAL, OFF (was ");
        assertThat(Files.exists(database.dir().resolve("own.db"))).isFalse();
    }

    private static ConfigurationException causeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException c) {
                return c;
            }
        }
        throw new AssertionError("no ConfigurationException in the cause chain of " + failure, failure);
    }
}
