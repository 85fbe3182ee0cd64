package io.mockloop.db.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mockloop.db.ConfigurationException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** With several DataSource beans and none @Primary, the starter cannot guess: the start fails naming the way out. */
class SeveralDataSourcesTest {

    /** An application with two DataSources (not a @Configuration, so the host application's scan never sees it). */
    @EnableAutoConfiguration
    static class TwoDataSources {
        static String dir;

        @Bean
        DataSource orders() {
            return new DriverManagerDataSource("jdbc:sqlite:" + dir + "/orders.db");
        }

        @Bean
        DataSource billing() {
            return new DriverManagerDataSource("jdbc:sqlite:" + dir + "/billing.db");
        }
    }

    private final FreshDatabase database = FreshDatabase.create(FreshDatabase.Kind.SQLITE_FILE);

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void severalDataSourcesAndNoPrimaryOneFailTheStartNamingTheUrlProperty() {
        TwoDataSources.dir = database.dir().toString();

        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(TwoDataSources.class)
                .web(WebApplicationType.NONE).run("--spring.liquibase.enabled=false")); // Boot's needs one DataSource

        assertThat(failure).hasRootCauseInstanceOf(ConfigurationException.class);
        ConfigurationException refused = (ConfigurationException) rootCause(failure);
        assertThat(refused.setting()).isEqualTo("mockloop.db.url");
        assertThat(refused).hasMessageContaining("several DataSource beans and none is @Primary");
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
