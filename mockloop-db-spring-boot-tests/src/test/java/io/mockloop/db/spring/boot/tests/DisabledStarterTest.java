package io.mockloop.db.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code mockloop.db.enabled=false} switches the auto-configuration off: no bean, no health indicator, no tables. */
class DisabledStarterTest {

    @Test
    void mockloopDbEnabledFalseCreatesNothing() throws Exception {
        try (FreshDatabase database = FreshDatabase.create(FreshDatabase.Kind.SQLITE_FILE)) {
            Map<String, Object> properties = new LinkedHashMap<>(database.dataSourceProperties());
            properties.put("mockloop.db.enabled", false);

            try (ConfigurableApplicationContext context = HostApplication.run(WebApplicationType.NONE, properties,
                    null)) {
                assertThat(context.getBeansOfType(MockLoopDb.class)).isEmpty();
                assertThat(context.containsBean("mockloopHealthIndicator")).isFalse();
                assertThat(Tables.names(context.getBean(DataSource.class))).contains("host_orders")
                        .doesNotContain("mock_servers", "mockloop_databasechangelog");
            }
        }
    }
}
