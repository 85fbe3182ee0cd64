package io.mockloop.db.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.ConfigurationException;
import io.mockloop.db.DatabaseSettings;
import io.mockloop.db.MockLoopDb;
import io.mockloop.db.maintenance.RetentionSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PropertiesMappingTest {

    @Test
    void unsetPropertiesKeepTheLibraryDefaults() {
        MockLoopDb.Builder builder = MockLoopDb.builder();
        PropertiesMapping.apply(new MockLoopDbProperties(), builder);

        DatabaseSettings settings = builder.settings();
        DatabaseSettings defaults = MockLoopDb.builder().settings();
        assertThat(settings).isEqualTo(defaults);
        assertThat(builder.retentionSettings()).isEmpty();
    }

    @Test
    void setPropertiesReachTheBuilder() {
        MockLoopDbProperties p = new MockLoopDbProperties();
        p.setUrl("jdbc:sqlite:target/mapping/mock.db");
        p.setUsername("mock");
        p.setPassword("secret");
        p.setPoolSize(3);
        p.setPoolTimeout(Duration.ofSeconds(5));
        p.setStatementTimeout(Duration.ofSeconds(12));
        p.setConnectTimeout(Duration.ofSeconds(2));
        p.setSocketTimeout(Duration.ofSeconds(40));
        p.setEcho(true);
        p.setMigrateOnStart(false);
        p.getConnectionProperties().put("sslmode", "require");
        p.getSqlite().setBusyTimeout(Duration.ofMillis(500));
        MockLoopDb.Builder builder = MockLoopDb.builder();

        PropertiesMapping.apply(p, builder);

        DatabaseSettings s = builder.settings();
        assertThat(s.url()).hasValue("jdbc:sqlite:target/mapping/mock.db");
        assertThat(s.username()).hasValue("mock");
        assertThat(s.password()).hasValue("secret");
        assertThat(s.poolSize()).isEqualTo(3);
        assertThat(s.poolTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.statementTimeout()).isEqualTo(Duration.ofSeconds(12));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.socketTimeout()).isEqualTo(Duration.ofSeconds(40));
        assertThat(s.echo()).isTrue();
        assertThat(s.migrateOnStart()).isFalse();
        assertThat(s.connectionProperties()).containsEntry("sslmode", "require");
        assertThat(s.sqlite()).isEqualTo(new DatabaseSettings.SqliteSettings("WAL", "NORMAL", 10000, "MEMORY",
                Duration.ofMillis(500)));
    }

    @Test
    void anyRetentionPropertyTurnsRetentionOnUnlessDisabled() {
        MockLoopDbProperties p = new MockLoopDbProperties();
        p.getRetention().setInterval(Duration.ofHours(1));
        MockLoopDb.Builder on = MockLoopDb.builder();
        PropertiesMapping.apply(p, on);
        assertThat(on.retentionSettings()).contains(RetentionSettings.DEFAULTS.withInterval(Duration.ofHours(1)));

        p.getRetention().setEnabled(false);
        MockLoopDb.Builder off = MockLoopDb.builder();
        PropertiesMapping.apply(p, off);
        assertThat(off.retentionSettings()).isEmpty();

        MockLoopDbProperties defaults = new MockLoopDbProperties();
        defaults.getRetention().setEnabled(true);
        MockLoopDb.Builder plain = MockLoopDb.builder();
        PropertiesMapping.apply(defaults, plain);
        assertThat(plain.retentionSettings()).contains(RetentionSettings.DEFAULTS);
    }

    @Test
    void aRefusedValueIsNamedAfterItsProperty() {
        MockLoopDbProperties p = new MockLoopDbProperties();
        p.setPoolSize(0);
        MockLoopDb.Builder builder = MockLoopDb.builder();
        PropertiesMapping.apply(p, builder);

        assertThatThrownBy(() -> {
            try {
                builder.settings();
            } catch (ConfigurationException e) {
                throw PropertiesMapping.namedAfterProperty(e);
            }
        })
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("mockloop.db.pool-size is refused: poolSize must be >= 1 (was 0)")
                .satisfies(e -> assertThat(((ConfigurationException) e).setting()).isEqualTo("mockloop.db.pool-size"))
                .hasCauseInstanceOf(ConfigurationException.class);
    }

    @Test
    void partitioningOnSqliteIsRefusedNamingTheProperty() {
        MockLoopDbProperties p = new MockLoopDbProperties();
        p.setUrl("jdbc:sqlite:target/mapping/mock.db");
        p.setPartitionRequestLogs(true);
        MockLoopDb.Builder builder = MockLoopDb.builder();
        PropertiesMapping.apply(p, builder);

        assertThatThrownBy(() -> {
            try {
                builder.settings();
            } catch (ConfigurationException e) {
                throw PropertiesMapping.namedAfterProperty(e);
            }
        })
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("mockloop.db.partition-request-logs is refused: partitionedRequestLogs is"
                        + " PostgreSQL-only");
    }

    @Test
    void librarySettingNamesTurnIntoPropertyNames() {
        assertThat(PropertiesMapping.property("poolTimeout")).isEqualTo("pool-timeout");
        assertThat(PropertiesMapping.property("sqlite.busy_timeout")).isEqualTo("sqlite.busy-timeout");
        assertThat(PropertiesMapping.property("retention.webhook_delivery_retention"))
                .isEqualTo("retention.webhook-delivery-retention");
        assertThat(PropertiesMapping.property("partitionedRequestLogs")).isEqualTo("partition-request-logs");
        assertThat(PropertiesMapping.property("sqliteFile")).isEqualTo("url");
    }
}
