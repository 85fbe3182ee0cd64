package io.mockloop.db.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * A host without a Liquibase changelog of its own starts: the starter brings liquibase-core, which switches Boot's
 * Liquibase on, and Boot would fail for want of db/changelog/db.changelog-master.yaml; the starter's
 * EnvironmentPostProcessor switches it off. The changelog of the test class path is hidden from this application.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostWithoutChangelogTest {

    /** Class loader of an application without db/changelog/ resources of its own. */
    static final class WithoutHostChangelog extends ClassLoader {
        WithoutHostChangelog(ClassLoader parent) {
            super(parent);
        }

        @Override
        public URL getResource(String name) {
            return hidden(name) ? null : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return hidden(name) ? Collections.emptyEnumeration() : super.getResources(name);
        }

        private static boolean hidden(String name) {
            String n = name.startsWith("/") ? name.substring(1) : name;
            return n.startsWith("db/changelog");
        }
    }

    private FreshDatabase database;
    private ConfigurableApplicationContext context;

    @BeforeAll
    void start() {
        database = FreshDatabase.create(FreshDatabase.Kind.SQLITE_FILE);
        ClassLoader loader = new WithoutHostChangelog(getClass().getClassLoader());
        context = HostApplication.run(WebApplicationType.NONE, database.dataSourceProperties(),
                new DefaultResourceLoader(loader));
    }

    @AfterAll
    void stop() {
        if (context != null) {
            context.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void bootsLiquibaseIsSwitchedOffAndMockloopDbMigratesAlone() throws Exception {
        assertThat(context.getEnvironment().getPropertySources().contains("mockloopDbLiquibaseDefaults")).isTrue();
        assertThat(context.getEnvironment().getProperty("spring.liquibase.enabled")).isEqualTo("false");
        assertThat(context.getBeansOfType(SpringLiquibase.class)).isEmpty();

        MockLoopDb db = context.getBean(MockLoopDb.class);
        assertThat(db.migrations().status().upToDate()).isTrue();
        assertThat(Tables.names(context.getBean(DataSource.class)))
                .contains("mock_servers", "mockloop_databasechangelog")
                .doesNotContain("host_orders", "databasechangelog");
    }
}
