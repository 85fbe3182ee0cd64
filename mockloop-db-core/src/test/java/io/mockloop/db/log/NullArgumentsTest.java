package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The null rule of {@code io.mockloop.db.log} (see its package-info): a {@code null} argument where the Javadoc does
 * not allow one throws {@link NullPointerException} naming the parameter, before anything is done; nothing takes
 * {@code null} to mean "absent" or treats it as empty. One test per rule that changed with issue 23.
 */
class NullArgumentsTest {

    private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

    private static RequestLog log() {
        return RequestLog.builder("GET", "/pets", 200).timestamp(T0).serverId("petstore").build();
    }

    @Test
    void aNullCursorIsRefusedTheFirstPageHasItsOwnOverload() {
        MockLoopDb db = TestDatabase.fresh(DbTarget.SQLITE_MEMORY);
        db.requestLogs().append(log());
        assertThatThrownBy(() -> db.requestLogs().page(LogFilter.ALL, 10, null))
                .isInstanceOf(NullPointerException.class).hasMessage("cursor");
        assertThatThrownBy(() -> db.requestLogs().page(null, 10))
                .isInstanceOf(NullPointerException.class).hasMessage("filter");
        assertThat(db.requestLogs().page(LogFilter.ALL, 10).items()).hasSize(1);
    }

    @Test
    void summaryAndCleanupRefuseANullServerTheOverloadWithoutOneCoversEveryServer() {
        MockLoopDb db = TestDatabase.fresh(DbTarget.SQLITE_MEMORY);
        db.requestLogs().append(log());
        assertThatThrownBy(() -> db.requestLogs().summary(null))
                .isInstanceOf(NullPointerException.class).hasMessage("serverId");
        assertThatThrownBy(() -> db.requestLogs().cleanup(T0, null))
                .isInstanceOf(NullPointerException.class).hasMessage("serverId");
        assertThatThrownBy(() -> db.requestLogs().cleanup(null))
                .isInstanceOf(NullPointerException.class).hasMessage("olderThan");
        assertThatThrownBy(() -> db.requestLogs().cleanup(null, "petstore"))
                .isInstanceOf(NullPointerException.class).hasMessage("olderThan");
        assertThat(db.requestLogs().count(LogFilter.ALL)).as("nothing deleted by a refused call").isEqualTo(1);
        assertThat(db.requestLogs().summary()).hasSize(1);
    }

    @Test
    void aNullLogIsANullPointerExceptionNamingItNotAValidationError() {
        MockLoopDb db = TestDatabase.fresh(DbTarget.SQLITE_MEMORY);
        assertThatThrownBy(() -> db.requestLogs().append(null))
                .isInstanceOf(NullPointerException.class).hasMessage("log");
        assertThatThrownBy(() -> db.requestLogs().appendAll(Arrays.asList(log(), null)))
                .isInstanceOf(NullPointerException.class).hasMessage("logs[1]");
        try (LogWriter writer = db.requestLogs().openWriter(WriterSettings.DEFAULTS)) {
            assertThatThrownBy(() -> writer.enqueue(null))
                    .isInstanceOf(NullPointerException.class).hasMessage("log");
            assertThatThrownBy(() -> writer.flush(null))
                    .isInstanceOf(NullPointerException.class).hasMessage("timeout");
        }
        assertThat(db.requestLogs().count(LogFilter.ALL)).isZero();
    }

    @Test
    void aNullBucketWidthOrImportFileIsANullPointerExceptionNamingIt() {
        MockLoopDb db = TestDatabase.fresh(DbTarget.SQLITE_MEMORY);
        assertThatThrownBy(() -> db.requestLogs().timeBuckets(LogFilter.ALL, null))
                .isInstanceOf(NullPointerException.class).hasMessage("bucket");
        assertThatThrownBy(() -> db.requestLogs().importUpstream(null, "petstore"))
                .isInstanceOf(NullPointerException.class).hasMessage("upstreamFile");
        assertThatThrownBy(() -> db.requestLogs().importUpstream(Path.of("none.db"), null))
                .isInstanceOf(NullPointerException.class).hasMessage("serverId");
        assertThatThrownBy(() -> db.requestLogs().importHar(null, "petstore"))
                .isInstanceOf(NullPointerException.class).hasMessage("harFile");
    }

    @Test
    void aRequestLogRefusesNullMapsInsteadOfMakingThemEmpty() {
        assertThatThrownBy(() -> RequestLog.builder("GET", "/", 200).headers(null))
                .isInstanceOf(NullPointerException.class).hasMessage("headers");
        assertThatThrownBy(() -> RequestLog.builder("GET", "/", 200).queryParams(null))
                .isInstanceOf(NullPointerException.class).hasMessage("queryParams");
        assertThatThrownBy(() -> RequestLog.builder("GET", "/", 200).responseHeaders(null))
                .isInstanceOf(NullPointerException.class).hasMessage("responseHeaders");
        assertThatThrownBy(() -> RequestLog.builder("GET", "/", 200).header(null, "x"))
                .isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> new RequestLog(null, T0, "GET", "/", Map.of(), Map.of(), null, 200, Map.of(), null,
                null, null, null, null, null, null, null, null, false))
                .isInstanceOf(NullPointerException.class).hasMessage("id");
        Map<String, List<String>> nullValues = new HashMap<>();
        nullValues.put("X-A", null);
        assertThatThrownBy(() -> RequestLog.builder("GET", "/", 200).headers(nullValues).build())
                .isInstanceOf(NullPointerException.class).hasMessage("headers values of X-A");
        List<String> withNull = new ArrayList<>(Arrays.asList("a", null));
        assertThatThrownBy(() -> RequestLog.builder("GET", "/", 200).responseHeaders(Map.of("X-B", withNull)).build())
                .isInstanceOf(NullPointerException.class).hasMessage("responseHeaders values of X-B contain null");
        assertThatThrownBy(() -> log().header(null))
                .isInstanceOf(NullPointerException.class).hasMessage("name");
    }

    @Test
    void aLogNotYetStoredHasNoIdAndOneReadBackHasIt() {
        MockLoopDb db = TestDatabase.fresh(DbTarget.SQLITE_MEMORY);
        RequestLog in = log();
        assertThat(in.id()).isEqualTo(OptionalLong.empty());
        long id = db.requestLogs().append(in).orElseThrow();
        assertThat(db.requestLogs().get(id).id()).hasValue(id);
        assertThat(db.requestLogs().withPolicy(LogPolicy.DEFAULTS.withExcludedPaths(Set.of("/pets"))).append(in))
                .as("excluded by the policy: no id, nothing written").isEmpty();
        assertThat(db.requestLogs().count(LogFilter.ALL)).isEqualTo(1);
    }

    @Test
    void resultValuesRefuseNullInsteadOfMakingItEmpty() {
        assertThatThrownBy(() -> new LogPage(List.of(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("nextCursor");
        assertThatThrownBy(() -> new ImportReport(0, 0, 0, null, 0, false))
                .isInstanceOf(NullPointerException.class).hasMessage("skipReasons");
        assertThatThrownBy(() -> new ImportReport(0, 0, 0, Map.of(), 0, false).skipped(null))
                .isInstanceOf(NullPointerException.class).hasMessage("reason");
    }

    @Test
    void policiesWriterSettingsAndFiltersRefuseNullInsteadOfDefaultingIt() {
        assertThatThrownBy(() -> LogPolicy.DEFAULTS.withRedactedHeaders(null))
                .isInstanceOf(NullPointerException.class).hasMessage("redactedHeaders");
        assertThatThrownBy(() -> LogPolicy.DEFAULTS.withExcludedPaths(null))
                .isInstanceOf(NullPointerException.class).hasMessage("excludedPaths");
        assertThatThrownBy(() -> LogPolicy.DEFAULTS.withExcludedMethods(new LinkedHashSet<>(Arrays.asList("GET", null))))
                .isInstanceOf(NullPointerException.class).hasMessage("excludedMethods");
        assertThatThrownBy(() -> LogPolicy.DEFAULTS.apply(null))
                .isInstanceOf(NullPointerException.class).hasMessage("log");
        assertThatThrownBy(() -> WriterSettings.DEFAULTS.withLinger(null))
                .isInstanceOf(NullPointerException.class).hasMessage("linger");
        assertThatThrownBy(() -> WriterSettings.DEFAULTS.withBackoff(Duration.ofMillis(1), null))
                .isInstanceOf(NullPointerException.class).hasMessage("maxBackoff");
        assertThatThrownBy(() -> WriterSettings.DEFAULTS.withCloseTimeout(null))
                .isInstanceOf(NullPointerException.class).hasMessage("closeTimeout");
        assertThatThrownBy(() -> LogFilter.builder().methods((String[]) null))
                .isInstanceOf(NullPointerException.class).hasMessage("methods");
        assertThatThrownBy(() -> new LogFilter(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, LogFilter.Order.NEWEST_FIRST))
                .isInstanceOf(NullPointerException.class).hasMessage("methods");
        assertThatThrownBy(() -> new LogFilter(null, Set.of(), null, null, null, null, null, null, null, null, null,
                null, null, null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("order");
    }
}
