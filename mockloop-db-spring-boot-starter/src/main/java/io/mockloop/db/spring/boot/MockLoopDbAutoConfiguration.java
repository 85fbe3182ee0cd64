package io.mockloop.db.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.mockloop.db.ConfigurationException;
import io.mockloop.db.MockLoopDb;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.liquibase.LiquibaseAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Auto-configures one {@link MockLoopDb} bean, closed with the application context:
 * <ul>
 *   <li>with {@code mockloop.db.url} set, on a database of its own, through a HikariCP pool it opens and closes;</li>
 *   <li>otherwise on the application's single (or {@code @Primary}) {@link DataSource}, which it never closes;</li>
 *   <li>with neither, on the SQLite file {@code ./db/mockloop.db}, as {@code MockLoopDb.builder().build()}.</li>
 * </ul>
 * The schema is migrated when the bean is created (unless {@code mockloop.db.migrate-on-start=false}); its change
 * sets are recorded in mockloop-db's own tables, so the application's Liquibase changelog runs beside it.
 * {@link MockLoopDbProperties} are applied to the builder, then every {@link MockLoopDbBuilderCustomizer}. When
 * Micrometer and a {@code MeterRegistry} bean are present, the library's {@code mockloop.*} meters (and
 * {@code hikaricp.connections.*} for its own pool) are published to it.
 *
 * <p>Backs off when the application defines its own {@code MockLoopDb} bean, or sets
 * {@code mockloop.db.enabled=false}. The health indicator is configured by
 * {@link MockLoopDbHealthContributorAutoConfiguration}.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, LiquibaseAutoConfiguration.class}, afterName = {
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(MockLoopDb.class)
@ConditionalOnProperty(prefix = MockLoopDbProperties.PREFIX, name = "enabled", havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(MockLoopDbProperties.class)
public class MockLoopDbAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MockLoopDbAutoConfiguration.class);

    /** Created by Spring. */
    public MockLoopDbAutoConfiguration() {
    }

    /**
     * The database. Building it opens the pool (when it owns one) and migrates, on the thread that creates the
     * bean.
     *
     * @param properties the {@code mockloop.db.*} properties
     * @param dataSources the application's DataSource beans, if any
     * @param customizers the builder customizers, called in order after the properties are applied
     * @return the open database; thread-safe, closed by the context ({@code destroyMethod="close"})
     * @throws ConfigurationException naming the {@code mockloop.db.*} property when a value is refused, or when
     *         the application has several DataSource beans and none is {@code @Primary} (and no url is set)
     * @throws io.mockloop.db.StoreUnavailableException when the database cannot be reached
     * @throws io.mockloop.db.MigrationException when migrating fails
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MockLoopDb mockLoopDb(MockLoopDbProperties properties, ObjectProvider<DataSource> dataSources,
                                 ObjectProvider<MockLoopDbBuilderCustomizer> customizers) {
        MockLoopDb.Builder builder = MockLoopDb.builder();
        if (properties.getUrl() == null) {
            DataSource dataSource = dataSources.getIfUnique();
            if (dataSource != null) {
                builder.dataSource(dataSource);
                List<String> ignored = PropertiesMapping.poolPropertiesSet(properties);
                if (!ignored.isEmpty()) {
                    LOG.warn("mockloop-db uses the application's DataSource, so {} do not apply (they configure a"
                            + " pool of its own: set mockloop.db.url for one, or configure spring.datasource.*)",
                            ignored);
                }
            } else if (dataSources.stream().findAny().isPresent()) {
                throw new ConfigurationException(MockLoopDbProperties.PREFIX + ".url", "the application has several"
                        + " DataSource beans and none is @Primary: set mockloop.db.url for a database of"
                        + " mockloop-db's own, mark one DataSource @Primary, or define a MockLoopDb bean");
            }
        }
        try {
            PropertiesMapping.apply(properties, builder);
            customizers.orderedStream().forEach(c -> c.customize(builder));
            return builder.build();
        } catch (ConfigurationException e) {
            throw PropertiesMapping.namedAfterProperty(e);
        }
    }

    /**
     * Publishes the library's meters to the application's {@code MeterRegistry}; only loaded with Micrometer on the
     * class path, so that it stays optional.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class MetricsConfiguration {

        /**
         * Runs before the application's customizers, which may replace the registry.
         *
         * @param registries the registry beans; the single or {@code @Primary} one is used, none when ambiguous
         * @return the customizer
         */
        @Bean
        @Order(0)
        MockLoopDbBuilderCustomizer mockLoopDbMeterRegistryCustomizer(ObjectProvider<MeterRegistry> registries) {
            return builder -> {
                MeterRegistry registry = registries.getIfUnique();
                if (registry != null) {
                    builder.meterRegistry(registry);
                }
            };
        }
    }
}
