package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.scenario.FreezeOptions;
import io.mockloop.db.scenario.ResolvedResponse;
import io.mockloop.db.scenario.Scenario;
import io.mockloop.db.server.MockServer;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end, from a browser to a mock: a HAR saved by Chrome (the hand-written, browser-shaped fixture, not our
 * exporter's output) is imported, frozen into a scenario with {@code createFromTraffic}, activated, and resolving the
 * recorded requests returns what the browser received — base64 bodies decoded, redacted headers left out.
 */
class HarFreezeTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DbTarget.class, names = {"SQLITE_FILE", "POSTGRESQL", "MARIADB"})
    void aChromeHarImportedAndFrozenAnswersWhatTheBrowserReceived(DbTarget target) throws Exception {
        Path har = tmp.resolve("chrome.har");
        try (InputStream in = HarFreezeTest.class.getResourceAsStream("/har/chrome-petstore.har")) {
            Files.copy(in, har);
        }
        try (TestDatabase tdb = TestDatabase.create(target); MockLoopDb db = tdb.builder().build()) {
            MockServer server = db.servers().register(ServerRegistration.of("Pet Store", "specs/petstore.yaml",
                    "out/petstore"));
            assertThat(db.requestLogs().importHar(har, server.id()).imported()).isEqualTo(4);

            Scenario recorded = db.scenarios().createFromTraffic(server.id(), "from-chrome",
                    LogFilter.builder().server(server.id()).build(), FreezeOptions.DEFAULTS.withMedianDelay(true));
            db.scenarios().activate(server.id(), recorded.name());

            ResolvedResponse list = db.mockResponses().resolve(server.id(), "GET", "/api/pets").orElseThrow();
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.body()).contains("[{\"id\":1,\"name\":\"Rex\"},{\"id\":2,\"name\":\"Fido\"}]");
            assertThat(list.headers()).containsEntry("content-type", "application/json; charset=utf-8")
                    .containsEntry("x-ratelimit-remaining", "99").doesNotContainKey("set-cookie");
            assertThat(list.delayMs()).isEqualTo(36);
            assertThat(list.scenario()).contains("from-chrome");

            ResolvedResponse missing = db.mockResponses().resolve(server.id(), "GET", "/api/pets/42").orElseThrow();
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body()).contains("{\"error\":\"not found\"}");

            ResolvedResponse created = db.mockResponses().resolve(server.id(), "POST", "/api/pets").orElseThrow();
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.headers()).containsEntry("location", "/api/pets/3");
            assertThat(created.body()).contains("{\"id\":3,\"name\":\"Rex\"}");

            assertThat(db.mockResponses().resolve(server.id(), "GET", "/img/logo.png").orElseThrow().body())
                    .contains("iVBORw0KGgoAAAANSUhEUg==");
            assertThat(db.mockResponses().resolve(server.id(), "GET", "/tracker.js")).isEmpty();
        }
    }
}
