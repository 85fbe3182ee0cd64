package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.server.ServerRegistration;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One text search on every database: the same rows, with non-ASCII, accented and mixed-case text, are written to
 * SQLite, PostgreSQL, MySQL (jdbc:mysql: to MariaDB) and MariaDB, and every filter finds the same rows everywhere —
 * the ones its documented meaning names ({@code containing}: case-insensitive for every Unicode letter, accent-
 * sensitive; equality, exact/prefix/glob path and regex: case- and accent-sensitive).
 */
class TextSearchTest {

    private static final List<DbTarget> TARGETS = List.of(DbTarget.SQLITE_FILE, DbTarget.POSTGRESQL, DbTarget.MYSQL,
            DbTarget.MARIADB);

    @Test
    void everyFilterFindsTheSameRowsOnEveryDatabase() {
        Map<String, LogFilter> filters = new LinkedHashMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        expect(filters, expected, "containing CAFÉ", LogFilter.builder().containing("CAFÉ").build(), "r1 r2 r3");
        expect(filters, expected, "containing café", LogFilter.builder().containing("café").build(), "r1 r2 r3");
        expect(filters, expected, "containing cafe", LogFilter.builder().containing("cafe").build(), "r4 r5");
        expect(filters, expected, "containing über", LogFilter.builder().containing("über").build(), "r6 r7");
        expect(filters, expected, "containing ΩΜΕΓΑ", LogFilter.builder().containing("ΩΜΕΓΑ").build(), "r8");
        expect(filters, expected, "containing жук", LogFilter.builder().containing("ЖУК").build(), "r9");
        expect(filters, expected, "containing 100%", LogFilter.builder().containing("100%").build(), "r10");
        expect(filters, expected, "containing a_b", LogFilter.builder().containing("a_b").build(), "r10");
        expect(filters, expected, "exact /Pets", LogFilter.builder().path("/Pets").build(), "r11");
        expect(filters, expected, "exact /pets", LogFilter.builder().path("/pets").build(), "r12");
        expect(filters, expected, "exact /péts", LogFilter.builder().path("/péts").build(), "r13");
        expect(filters, expected, "prefix /pe", LogFilter.builder().path(LogFilter.PathMatch.PREFIX, "/pe").build(),
                "r12 r14");
        expect(filters, expected, "prefix /P", LogFilter.builder().path(LogFilter.PathMatch.PREFIX, "/P").build(),
                "r11");
        expect(filters, expected, "glob /pets/*", LogFilter.builder().path(LogFilter.PathMatch.GLOB, "/pets/*")
                .build(), "r14");
        expect(filters, expected, "glob /p?ts", LogFilter.builder().path(LogFilter.PathMatch.GLOB, "/p?ts").build(),
                "r12 r13");
        expect(filters, expected, "regex ^/pets/[0-9]+$", LogFilter.builder()
                .path(LogFilter.PathMatch.REGEX, "^/pets/[0-9]+$").build(), "r14");
        expect(filters, expected, "regex ^/P", LogFilter.builder().path(LogFilter.PathMatch.REGEX, "^/P").build(),
                "r11");
        expect(filters, expected, "server PETSTORE", LogFilter.builder().server("PETSTORE").build(), "");
        expect(filters, expected, "scenario Happy", LogFilter.builder().scenario("Happy").build(), "r15");
        expect(filters, expected, "scenario happy", LogFilter.builder().scenario("happy").build(), "r16");

        Map<DbTarget, Map<String, String>> found = new EnumMap<>(DbTarget.class);
        for (DbTarget target : TARGETS) {
            MockLoopDb db = TestDatabase.fresh(target);
            db.servers().register(ServerRegistration.of("a", "/spec", "/out").withId("petstore"));
            RequestLogStore logs = db.requestLogs();
            logs.appendAll(List.of(
                    row("r1", "/menu").responseBody("Le Café de Flore").build(),
                    row("r2", "/menu").requestBody("CAFÉ").build(),
                    row("r3", "/café").build(),
                    row("r4", "/menu").responseBody("cafe au lait").build(),
                    row("r5", "/CAFE").build(),
                    row("r6", "/menu").responseBody("Über uns").build(),
                    row("r7", "/menu").responseBody("über").build(),
                    row("r8", "/menu").responseBody("ωμεγα").build(),
                    row("r9", "/menu").responseBody("жук").build(),
                    row("r10", "/menu").responseBody("100% a_b").build(),
                    row("r11", "/Pets").build(),
                    row("r12", "/pets").build(),
                    row("r13", "/péts").build(),
                    row("r14", "/pets/42").build(),
                    row("r15", "/x").scenarioName("Happy").build(),
                    row("r16", "/x").scenarioName("happy").build()));
            Map<String, String> results = new LinkedHashMap<>();
            filters.forEach((name, f) -> results.put(name, logs.list(f, 100).stream().map(RequestLog::requestId)
                    .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(" "))));
            found.put(target, results);
        }
        for (DbTarget target : TARGETS) {
            assertThat(found.get(target)).as("what %s found", target).isEqualTo(normalised(expected));
        }
    }

    private static RequestLog.Builder row(String requestId, String path) {
        return RequestLog.builder("GET", path, 200).serverId("petstore").requestId(requestId);
    }

    private static void expect(Map<String, LogFilter> filters, Map<String, String> expected, String name,
                               LogFilter filter, String ids) {
        filters.put(name, filter);
        expected.put(name, ids);
    }

    /** The expected ids in the order the results are printed (sorted as strings). */
    private static Map<String, String> normalised(Map<String, String> expected) {
        Map<String, String> out = new LinkedHashMap<>();
        expected.forEach((k, v) -> out.put(k, new TreeSet<>(List.of(v.split(" "))).stream()
                .collect(Collectors.joining(" "))));
        return out;
    }
}
