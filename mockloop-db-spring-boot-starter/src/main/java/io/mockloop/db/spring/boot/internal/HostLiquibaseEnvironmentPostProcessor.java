package io.mockloop.db.spring.boot.internal;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

/**
 * Keeps Spring Boot's own Liquibase auto-configuration from failing an application that has no changelog: the
 * starter brings liquibase-core (mockloop-db migrates with it), which switches Boot's
 * {@code LiquibaseAutoConfiguration} on, and that fails the start when {@code spring.liquibase.change-log} names
 * nothing. When the application has not set {@code spring.liquibase.enabled} and that changelog does not exist, a
 * lowest-precedence property source {@value #SOURCE} sets {@code spring.liquibase.enabled=false}. An application
 * with its own changelog keeps Boot's Liquibase; it runs beside mockloop-db's, which records its change sets in
 * tables of its own.
 *
 * <p>Registered in {@code META-INF/spring.factories}; not part of the API. Stateless and thread-safe.
 */
public final class HostLiquibaseEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** The name of the property source added. */
    public static final String SOURCE = "mockloopDbLiquibaseDefaults";

    static final String ENABLED = "spring.liquibase.enabled";
    static final String CHANGE_LOG = "spring.liquibase.change-log";
    /** Spring Boot's default for {@code spring.liquibase.change-log}. */
    static final String DEFAULT_CHANGE_LOG = "classpath:/db/changelog/db.changelog-master.yaml";

    /** Created by Spring Boot. */
    public HostLiquibaseEnvironmentPostProcessor() {
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty(ENABLED) || environment.getPropertySources().contains(SOURCE)) {
            return;
        }
        ResourceLoader loader = application.getResourceLoader() != null ? application.getResourceLoader()
                : new DefaultResourceLoader(application.getClassLoader());
        String changeLog = environment.getProperty(CHANGE_LOG, DEFAULT_CHANGE_LOG);
        if (!loader.getResource(changeLog).exists()) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(ENABLED, "false")));
        }
    }

    /** @return the lowest precedence: runs after the application's configuration files are loaded */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
