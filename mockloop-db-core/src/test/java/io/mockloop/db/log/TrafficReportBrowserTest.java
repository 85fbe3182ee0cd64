package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The HTML traffic report in a real browser: Debian's headless Chromium (driven by Selenium through Debian's
 * chromedriver) opens the file from disk, every chart (unmatched requests included) is an SVG element with a size,
 * nothing is logged as an error on the console (the page's Content-Security-Policy would log any attempt to fetch or
 * run something), a stored {@code <script>} shows as text, and a screenshot is taken
 * ({@code target/traffic-report.png}).
 *
 * <p>Without {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (or the files named by
 * {@code MOCKLOOP_TEST_CHROMIUM} and {@code MOCKLOOP_TEST_CHROMEDRIVER}) the test is skipped, saying how to install
 * them; under {@code CI=true} it fails instead.
 */
class TrafficReportBrowserTest {

    private static final Path CHROMIUM = Path.of(env("MOCKLOOP_TEST_CHROMIUM", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(env("MOCKLOOP_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final String HOSTILE = "/<script>alert(1)</script>";

    @TempDir
    Path profile;

    @Test
    void theReportOpensInHeadlessChromiumWithEveryChartDrawnAndNoConsoleError() throws Exception {
        requireBrowser();
        Path target = Files.createDirectories(Path.of("target"));
        Path html = target.resolve("traffic-report.html");
        try (TestDatabase tdb = TestDatabase.create(DbTarget.SQLITE_FILE); MockLoopDb db = tdb.builder().build()) {
            String server = ReportTraffic.seed(db);
            db.requestLogs().append(RequestLog.builder("GET", HOSTILE, 500).responseTimeMs(42).serverId(server)
                    .scenarioName("pets-down")
                    .timestamp(ReportTraffic.T0.plusSeconds(3600)).build());
            for (int i = 1; i <= 6; i++) {
                db.requestLogs().append(RequestLog.builder(i % 3 == 0 ? "DELETE" : "GET", "/api/owners/" + i, 404)
                        .serverId(server).unmatched(true).timestamp(ReportTraffic.T0.plusSeconds(900L * i))
                        .scenarioName(900 * i < 2750 || 900 * i >= 4950 ? "happy" : "pets-down").build());
            }
            try (OutputStream out = Files.newOutputStream(html)) {
                assertThat(db.requestLogs().report(LogFilter.builder().server(server).build(), out))
                        .isEqualTo(ReportTraffic.LOGS + 7);
            }
        }

        ChromeDriver driver = start();
        try {
            driver.get(html.toUri().toString());

            assertThat(driver.getTitle()).isEqualTo("MockLoop traffic report");
            List<WebElement> charts = driver.findElements(By.cssSelector("svg.chart"));
            assertThat(charts).extracting(c -> c.getAttribute("id")).containsExactly("requests-over-time-chart",
                    "latency-chart", "error-rate-chart", "scenarios-chart", "unmatched-chart");
            for (WebElement chart : charts) {
                Rectangle r = chart.getRect();
                assertThat(r.getWidth()).as(chart.getAttribute("id") + " width").isPositive();
                assertThat(r.getHeight()).as(chart.getAttribute("id") + " height").isPositive();
            }
            List<WebElement> bars = driver.findElements(By.cssSelector("#requests-over-time-chart rect.bar"));
            assertThat(bars).isNotEmpty();
            assertThat(bars).allSatisfy(b -> assertThat(b.getRect().getHeight()).isPositive());
            // six endpoints (the 10 /api/pets/N and 6 /api/owners/N paths are shapes /api/pets/{id} and, by method,
            // GET and DELETE /api/owners/{id}), three percentile bars each
            assertThat(driver.findElements(By.cssSelector("#latency-chart rect.bar"))).hasSize(18);
            assertThat(driver.findElements(By.cssSelector("#scenarios-chart rect.segment"))).hasSize(3);
            assertThat(driver.findElements(By.tagName("script"))).isEmpty();
            assertThat(driver.findElement(By.id("busiest-table")).getText()).contains(HOSTILE);

            List<LogEntry> console = driver.manage().logs().get(LogType.BROWSER).getAll();
            assertThat(console).filteredOn(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .as("console errors").isEmpty();

            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Files.write(target.resolve("traffic-report.png"), png);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
            assertThat(png.length).isGreaterThan(10_000);
        } finally {
            driver.quit();
        }
    }

    private ChromeDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // without the background-networking flags Chromium keeps calling home, which a closed network makes noisy
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1100,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withTimeout(Duration.ofSeconds(60)).build();
        return new ChromeDriver(service, options);
    }

    private static void requireBrowser() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String how = "headless Chromium and ChromeDriver are needed at " + CHROMIUM + " and " + CHROMEDRIVER
                + ": install them with 'apt-get install chromium chromium-driver' (Debian/Ubuntu; .ci/run does it), or"
                + " point MOCKLOOP_TEST_CHROMIUM and MOCKLOOP_TEST_CHROMEDRIVER at them";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(how + " (CI=true: not skipped)");
        }
        Assumptions.abort(how);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
