package io.mockloop.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The server drivers are optional: core depends on the SQLite driver only. In a JVM whose class path lacks a
 * server's driver, a URL for that server is refused at once by {@code build()} with a ConfigurationException that
 * names the Maven coordinates to add (tested in a child JVM, because this one has every driver for the tests).
 */
class OptionalDriversTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&password=secret, /org/postgresql/, org.postgresql:postgresql",
        "jdbc:mysql://127.0.0.1:3306/test?user=root, /com/mysql/, com.mysql:mysql-connector-j",
        "jdbc:mariadb://127.0.0.1:3306/test?user=root, /org/mariadb/, org.mariadb.jdbc:mariadb-java-client"
    })
    void aUrlWhoseDriverIsMissingIsRefusedNamingTheCoordinates(String url, String jarFragment, String coordinates)
            throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.replace('\\', '/').contains(jarFragment))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-cp", classPath, Probe.class.getName(), url));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("refused: io.mockloop.db.ConfigurationException [url]")
                .contains("needs the JDBC driver " + coordinates)
                .contains("not on the class path")
                .doesNotContain("secret"); // the URL is masked
        assertThat(out).as("nothing was opened").doesNotContain("opened");
    }

    /** Child main: builds with the URL and prints how it was refused. */
    public static final class Probe {
        public static void main(String[] args) {
            try (MockLoopDb db = MockLoopDb.builder().url(args[0]).poolTimeout(java.time.Duration.ofSeconds(1))
                    .build()) {
                System.out.println("opened " + db);
            } catch (ConfigurationException e) {
                System.out.println("refused: " + e.getClass().getName() + " [" + e.setting() + "] " + e.getMessage());
            }
        }
    }
}
