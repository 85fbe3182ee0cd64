package io.mockloop.db.spring.boot;

import io.mockloop.db.MockLoopDb;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the health indicator {@code mockloopHealthIndicator} (component {@code mockloop} of
 * {@code /actuator/health}) for the application's single {@link MockLoopDb} bean, whether the auto-configuration
 * or the application defined it. Needs Spring Boot Actuator; switched off by
 * {@code management.health.mockloop.enabled=false}; backs off when a bean named {@code mockloopHealthIndicator}
 * exists.
 *
 * <p>The indicator is UP when the database answers a round trip and no migrations are pending, DOWN otherwise, with
 * the details {@code database}, {@code schemaVersion}, {@code latestSchemaVersion}, {@code migrationsPending},
 * {@code roundTripMillis}, {@code activeConnections}, {@code idleConnections} and {@code waitingThreads} (when
 * mockloop-db owns the pool), {@code retention} and, when DOWN, {@code error}.
 */
@AutoConfiguration(after = MockLoopDbAutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.boot.actuate.health.HealthIndicator",
        "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"})
@ConditionalOnSingleCandidate(MockLoopDb.class)
@ConditionalOnEnabledHealthIndicator("mockloop")
public class MockLoopDbHealthContributorAutoConfiguration {

    /** Created by Spring. */
    public MockLoopDbHealthContributorAutoConfiguration() {
    }

    /**
     * @param db the application's database
     * @return the indicator; thread-safe, one round trip to the database per call
     */
    @Bean
    @ConditionalOnMissingBean(name = "mockloopHealthIndicator")
    public HealthIndicator mockloopHealthIndicator(MockLoopDb db) {
        return new MockLoopDbHealthIndicator(db);
    }
}
