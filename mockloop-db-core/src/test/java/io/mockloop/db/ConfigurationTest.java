package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad setting is refused with a typed exception naming the setting and the value, and nothing is created. */
class ConfigurationTest {

    @TempDir
    Path dir;

    @Test
    void poolSizeBelowOneIsRefused() {
        assertThatThrownBy(() -> MockLoopDb.builder().sqliteFile(dir.resolve("a.db")).poolSize(0).build())
                .isInstanceOf(ConfigurationException.class).hasMessage("poolSize must be >= 1 (was 0)")
                .extracting(e -> ((ConfigurationException) e).setting()).isEqualTo("poolSize");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void negativePoolTimeoutIsRefused() {
        assertThatThrownBy(() -> MockLoopDb.builder().sqliteFile(dir.resolve("a.db")).poolTimeout(Duration.ofSeconds(-1))
                .build()).isInstanceOf(ConfigurationException.class)
                .hasMessage("poolTimeout must be >= 250 ms (was PT-1S)");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aDirectoryAsTheSqlitePathIsRefused() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("adir"));
        assertThatThrownBy(() -> MockLoopDb.open(sub)).isInstanceOf(ConfigurationException.class)
                .hasMessage("sqliteFile must be a file, not a directory (was '" + sub + "')");
        assertThat(sub).isEmptyDirectory();
    }

    @Test
    void anUnknownUrlSchemeIsRefusedWithThePasswordMasked() {
        assertThatThrownBy(() -> MockLoopDb.builder().url("jdbc:oracle://scott:tiger@h:1521/x?password=tiger")
                .build()).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("url must start with jdbc:sqlite:, jdbc:postgresql:, jdbc:mysql: or jdbc:mariadb:")
                .hasMessageContaining("password=****").hasMessageNotContaining("tiger");
    }

    @Test
    void anUnreachableHostFailsWithinThePoolTimeoutNamingTheMaskedUrl() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> MockLoopDb.builder().url("jdbc:postgresql://127.0.0.1:1/nowhere?password=s3cret")
                .username("u").poolTimeout(Duration.ofSeconds(2)).build())
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("cannot connect to jdbc:postgresql://127.0.0.1:1/nowhere?password=**** within 2000 ms")
                .hasMessageNotContaining("s3cret");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void anUnknownTypeInYamlIsRefused() throws Exception {
        Path yaml = write("database:\n  type: oracle\n  host: h\n");
        assertThatThrownBy(() -> MockLoopDb.fromYaml(yaml)).isInstanceOf(ConfigurationException.class)
                .hasMessage("database.type must be one of sqlite, postgresql, mysql, mariadb (was 'oracle')");
    }

    @Test
    void malformedYamlIsRefusedWithItsLine() throws Exception {
        Path yaml = write("database:\n  type: sqlite\n  path: [unclosed\n");
        assertThatThrownBy(() -> MockLoopDb.fromYaml(yaml)).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("config file '" + yaml + "' is not valid YAML at line");
        assertThat(dir.resolve("db")).doesNotExist();
    }

    @Test
    void unknownKeysAndWrongValuesInYamlAreRefusedByName() throws Exception {
        assertThatThrownBy(() -> MockLoopDb.fromYaml(write("database:\n  type: sqlite\n  pool_sizee: 3\n")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("database.pool_sizee is not a known setting (known: ");
        assertThatThrownBy(() -> MockLoopDb.fromYaml(write("database:\n  type: sqlite\n  pool_size: many\n")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("database.pool_size must be a whole number (was 'many')");
        assertThatThrownBy(() -> MockLoopDb.fromYaml(write("database:\n  type: sqlite\n  path: "
                + dir.resolve("y.db") + "\n  pool_size: 0\n")))
                .isInstanceOf(ConfigurationException.class).hasMessage("poolSize must be >= 1 (was 0)");
        assertThatThrownBy(() -> MockLoopDb.fromYaml(write("database:\n  type: sqlite\n  sqlite:\n    journal_mode: FAST\n")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sqlite.journal_mode must be one of DELETE, TRUNCATE, PERSIST, MEMORY, WAL, OFF (was 'FAST')");
        assertThatThrownBy(() -> MockLoopDb.fromYaml(write("other: 1\n"))).isInstanceOf(ConfigurationException.class)
                .hasMessageEndingWith("must have a 'database:' block");
        assertThat(dir.resolve("y.db")).doesNotExist();
    }

    @Test
    void aMissingPasswordVariableIsRefusedByName() throws Exception {
        Path yaml = write("database:\n  type: postgresql\n  host: 127.0.0.1\n  password: ${MOCKLOOP_TEST_UNSET_PW}\n");
        assertThatThrownBy(() -> MockLoopDb.builder().yaml(yaml, Map.of()).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("database.password refers to environment variable MOCKLOOP_TEST_UNSET_PW, which is not set");
    }

    @Test
    void theSeedsYamlBlocksMapToSettings() throws Exception {
        Path yaml = write("""
                database:
                  type: "postgresql"
                  host: "localhost"
                  port: 5432
                  database: "mockloop"
                  username: "mockloop_user"
                  password: "${PW}"
                  pool_size: 20
                  pool_timeout: 30
                  ssl_mode: "prefer"
                  postgresql:
                    application_name: "mockloop"
                    connect_timeout: 10
                    command_timeout: 30
                    server_settings:
                      timezone: "UTC"
                      statement_timeout: "30s"
                """);
        DatabaseSettings s = MockLoopDb.builder().yaml(yaml, Map.of("PW", "secure_password")).settings();
        assertThat(s.url()).hasValue("jdbc:postgresql://localhost:5432/mockloop");
        assertThat(s.username()).hasValue("mockloop_user");
        assertThat(s.password()).hasValue("secure_password");
        assertThat(s.poolSize()).isEqualTo(20);
        assertThat(s.poolTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.connectionProperties()).containsEntry("sslmode", "prefer")
                .containsEntry("ApplicationName", "mockloop").containsEntry("connectTimeout", "10")
                .containsEntry("socketTimeout", "30")
                .containsEntry("options", "-c timezone=UTC -c statement_timeout=30s");
        assertThat(s.toString()).doesNotContain("secure_password").contains("password=****");

        Path mysql = write("""
                database:
                  type: "mysql"
                  host: "localhost"
                  port: 3306
                  database: "mockloop"
                  username: "mockloop_user"
                  password: "pw"
                  charset: "utf8mb4"
                  pool_size: 15
                  pool_timeout: 30
                  mysql:
                    autocommit: true
                    sql_mode: "STRICT_TRANS_TABLES"
                    time_zone: "+00:00"
                """);
        DatabaseSettings m = MockLoopDb.builder().yaml(mysql, Map.of()).settings();
        assertThat(m.url()).hasValue("jdbc:mysql://localhost:3306/mockloop");
        assertThat(m.connectionProperties()).containsEntry("characterEncoding", "UTF-8")
                .containsEntry("sessionVariables", "sql_mode='STRICT_TRANS_TABLES',time_zone='+00:00'");

        Path sqlite = write("database:\n  type: sqlite\n  path: " + dir.resolve("db/mockloop.db") + "\n  pool_size: 5\n"
                + "  sqlite:\n    journal_mode: WAL\n    synchronous: NORMAL\n    cache_size: 10000\n    temp_store: MEMORY\n");
        DatabaseSettings l = MockLoopDb.builder().yaml(sqlite, Map.of()).settings();
        assertThat(l.url()).hasValue("jdbc:sqlite:" + dir.resolve("db/mockloop.db"));
        assertThat(l.sqlite()).isEqualTo(DatabaseSettings.SqliteSettings.DEFAULTS);
    }

    @Test
    void theEnvironmentSelectsTheDatabase() {
        assertThat(MockLoopDb.builder().environment(Map.of()).settings().url())
                .hasValue("jdbc:sqlite:" + MockLoopDb.DEFAULT_SQLITE_FILE);
        assertThat(MockLoopDb.builder().environment(Map.of("MOCKLOOP_DB_TYPE", "mariadb", "MOCKLOOP_DB_HOST", "db",
                "MOCKLOOP_DB_NAME", "ml", "MOCKLOOP_DB_USER", "u", "MOCKLOOP_DB_PASSWORD", "p")).settings())
                .satisfies(s -> {
                    assertThat(s.url()).hasValue("jdbc:mariadb://db:3306/ml");
                    assertThat(s.username()).hasValue("u");
                    assertThat(s.password()).hasValue("p");
                });
        assertThat(MockLoopDb.builder().environment(Map.of("MOCKLOOP_DB_URL", "jdbc:postgresql://h/x")).settings().url())
                .hasValue("jdbc:postgresql://h/x");
        assertThatThrownBy(() -> MockLoopDb.builder().environment(Map.of("MOCKLOOP_DB_TYPE", "db2")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("MOCKLOOP_DB_TYPE must be one of sqlite, postgresql, mysql, mariadb (was 'db2')");
        assertThatThrownBy(() -> MockLoopDb.builder().environment(Map.of("MOCKLOOP_DB_TYPE", "postgresql",
                "MOCKLOOP_DB_PORT", "99999"))).isInstanceOf(ConfigurationException.class)
                .hasMessage("MOCKLOOP_DB_PORT must be between 1 and 65535 (was '99999')");
    }

    @Test
    void settingsSayAbsenceWithOptionalAndRefuseANullComponentByName() {
        DatabaseSettings s = MockLoopDb.builder().settings();
        assertThat(s.username()).isEmpty();
        assertThat(s.password()).isEmpty();
        assertThat(s.toString()).contains("username=<none>", "password=<none>");
        assertThat(MockLoopDb.builder().dataSource(new org.sqlite.SQLiteDataSource()).settings().url()).isEmpty();
        assertThat(MockLoopDb.builder().dataSource(new org.sqlite.SQLiteDataSource()).settings().toString())
                .contains("url=<DataSource>");
        assertThatThrownBy(() -> MockLoopDb.builder().username(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("username");
        assertThatThrownBy(() -> MockLoopDb.builder().password(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("password");
        assertThatThrownBy(() -> new DatabaseSettings(s.url(), s.username(), s.password(), s.poolSize(),
                s.poolTimeout(), s.echo(), s.migrateOnStart(), s.sqlite(), s.connectionProperties(),
                s.partitionedRequestLogs(), null, s.connectTimeout(), s.socketTimeout()))
                .isInstanceOf(NullPointerException.class).hasMessage("statementTimeout");
        assertThatThrownBy(() -> new DatabaseSettings(s.url(), s.username(), s.password(), s.poolSize(),
                s.poolTimeout(), s.echo(), s.migrateOnStart(), s.sqlite(), null, s.partitionedRequestLogs(),
                s.statementTimeout(), s.connectTimeout(), s.socketTimeout()))
                .isInstanceOf(NullPointerException.class).hasMessage("connectionProperties");
        assertThatThrownBy(() -> new DatabaseSettings(null, s.username(), s.password(), s.poolSize(),
                s.poolTimeout(), s.echo(), s.migrateOnStart(), s.sqlite(), s.connectionProperties(),
                s.partitionedRequestLogs(), s.statementTimeout(), s.connectTimeout(), s.socketTimeout()))
                .isInstanceOf(NullPointerException.class).hasMessage("url");
    }

    @Test
    void theDefaultIsTheSeedsSqliteFileAndItsDirectoryIsCreated() {
        Path file = dir.resolve("nested/deeper/mockloop.db");
        try (MockLoopDb db = MockLoopDb.open(file)) {
            assertThat(db.databaseType()).isEqualTo(DatabaseType.SQLITE);
            assertThat(file).exists();
        }
        assertThat(MockLoopDb.builder().settings().url()).hasValue("jdbc:sqlite:db/mockloop.db");
        assertThat(Stream.of(DatabaseType.values()).filter(DatabaseType::isMySqlFamily)).hasSize(2);
    }

    private Path write(String yaml) throws Exception {
        Path f = Files.createTempFile(dir, "cfg", ".yaml");
        Files.writeString(f, yaml);
        return f;
    }
}
