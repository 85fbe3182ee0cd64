package io.mockloop.db.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import liquibase.util.LiquibaseUtil;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.sqlite.SQLiteJDBCLoader;

/**
 * This module exists to prove the starter on the versions Spring Boot's BOM pins rather than on mockloop-db's own:
 * the classes actually loaded must come from Boot's versions (passed in by the POM from Boot's properties), so the
 * proof cannot silently rot into a test of our versions.
 */
class BootPinnedVersionsTest {

    @Test
    void liquibaseIsBootsVersion() {
        assertThat(LiquibaseUtil.getBuildVersion()).isEqualTo(expected("liquibase"));
    }

    @Test
    void hikariCpIsBootsVersion() {
        assertThat(jarOf(HikariDataSource.class)).isEqualTo("HikariCP-" + expected("hikaricp") + ".jar");
    }

    @Test
    void jooqIsBootsVersion() {
        assertThat(org.jooq.Constants.FULL_VERSION).isEqualTo(expected("jooq"));
    }

    @Test
    void jacksonIsBootsVersion() {
        assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString()).isEqualTo(expected("jackson"));
        assertThat(jarOf(ObjectMapper.class)).isEqualTo("jackson-databind-" + expected("jackson") + ".jar");
    }

    @Test
    void slf4jIsBootsVersion() {
        assertThat(jarOf(Logger.class)).isEqualTo("slf4j-api-" + expected("slf4j") + ".jar");
    }

    @Test
    void sqliteJdbcIsBootsVersion() {
        assertThat(SQLiteJDBCLoader.getVersion()).isEqualTo(expected("sqlite-jdbc"));
    }

    private static String expected(String library) {
        String v = System.getProperty("boot.version." + library);
        assertThat(v).as("system property boot.version.%s (set by the POM from Boot's BOM)", library)
                .isNotBlank()
                .doesNotContain("${");
        return v;
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
