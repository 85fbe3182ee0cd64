package io.mockloop.db.spring.boot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class HostLiquibaseEnvironmentPostProcessorTest {

    private final HostLiquibaseEnvironmentPostProcessor processor = new HostLiquibaseEnvironmentPostProcessor();
    private final SpringApplication application = new SpringApplication();

    @Test
    void withoutTheHostsChangelogBootsLiquibaseIsSwitchedOffAtLowestPrecedence() {
        StandardEnvironment env = environment(Map.of());

        processor.postProcessEnvironment(env, application);

        assertThat(env.getProperty("spring.liquibase.enabled")).isEqualTo("false");
        assertThat(env.getPropertySources().stream().reduce((a, b) -> b).orElseThrow().getName())
                .isEqualTo(HostLiquibaseEnvironmentPostProcessor.SOURCE);
    }

    @Test
    void aChangelogTheHostNamesThatExistsKeepsBootsLiquibase() {
        StandardEnvironment env = environment(Map.of("spring.liquibase.change-log", "classpath:/host/changelog.yaml"));

        processor.postProcessEnvironment(env, application);

        assertThat(env.getPropertySources().contains(HostLiquibaseEnvironmentPostProcessor.SOURCE)).isFalse();
        assertThat(env.getProperty("spring.liquibase.enabled")).isNull();
    }

    @Test
    void aChangelogTheHostNamesThatIsMissingSwitchesBootsLiquibaseOff() {
        StandardEnvironment env = environment(Map.of("spring.liquibase.change-log", "classpath:/host/missing.yaml"));

        processor.postProcessEnvironment(env, application);

        assertThat(env.getProperty("spring.liquibase.enabled")).isEqualTo("false");
    }

    @Test
    void anExplicitSettingIsNeverOverridden() {
        StandardEnvironment env = environment(Map.of("spring.liquibase.enabled", "true"));

        processor.postProcessEnvironment(env, application);

        assertThat(env.getPropertySources().contains(HostLiquibaseEnvironmentPostProcessor.SOURCE)).isFalse();
        assertThat(env.getProperty("spring.liquibase.enabled")).isEqualTo("true");
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return env;
    }
}
