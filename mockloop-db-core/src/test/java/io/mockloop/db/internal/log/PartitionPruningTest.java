package io.mockloop.db.internal.log;

import static io.mockloop.db.internal.jooq.generated.Tables.REQUEST_LOGS;
import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.DatabaseType;
import io.mockloop.db.log.LogFilter;
import io.mockloop.db.log.RequestLog;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.junit.jupiter.api.Test;

/**
 * On a partitioned request_logs, the queries the store runs for a time range read only the partitions of that
 * range: the plan PostgreSQL makes for them, with their bind values, names no other partition.
 */
class PartitionPruningTest {

    private static final Pattern PARTITION = Pattern.compile("request_logs_(?:\\d{4}_\\d{2}|default)");

    private static Set<String> partitionsRead(DSLContext dsl, Query query) {
        Set<String> out = new TreeSet<>();
        Matcher m = PARTITION.matcher(dsl.explain(query).plan());
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Test
    void countsPagesAndStatsBoundedByTimeReadOnlyThePartitionsOfTheirRange() {
        MockLoopDb db = TestDatabase.fresh(DbTarget.POSTGRESQL_PARTITIONED); // a partition per month of 2025-26
        List<RequestLog> rows = new ArrayList<>();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 300; i++) { // January to May 2026
            rows.add(RequestLog.builder("GET", "/p/" + i, 200).serverId("a").timestamp(start.plus(Duration.ofHours(12L * i)))
                    .build());
        }
        db.requestLogs().appendAll(rows);
        DSLContext dsl = InternalAccess.dsl(db);
        var rl = REQUEST_LOGS;

        LogFilter march = LogFilter.builder().server("a").from(Instant.parse("2026-03-05T00:00:00Z"))
                .to(Instant.parse("2026-03-20T00:00:00Z")).build();
        // the statements of count() and page() (JooqRequestLogStore), with the store's own filter
        assertThat(partitionsRead(dsl, dsl.selectCount().from(rl).where(Filters.where(march, DatabaseType.POSTGRESQL))))
                .containsExactly("request_logs_2026_03");
        assertThat(partitionsRead(dsl, dsl.selectFrom(rl).where(Filters.where(march, DatabaseType.POSTGRESQL))
                .orderBy(rl.TIMESTAMP.desc(), rl.ID.desc()).limit(51))).containsExactly("request_logs_2026_03");
        assertThat(db.requestLogs().count(march)).isEqualTo(30);

        LogFilter spanning = LogFilter.builder().from(Instant.parse("2026-03-20T00:00:00Z"))
                .to(Instant.parse("2026-04-10T00:00:00Z")).build();
        assertThat(partitionsRead(dsl, dsl.selectCount().from(rl).where(Filters.where(spanning, DatabaseType.POSTGRESQL))))
                .containsExactly("request_logs_2026_03", "request_logs_2026_04");

        // without a time bound every partition is read, the default one included
        assertThat(partitionsRead(dsl, dsl.selectCount().from(rl).where(Filters.where(LogFilter.ALL, DatabaseType.POSTGRESQL))))
                .contains("request_logs_2025_01", "request_logs_2026_12", "request_logs_default");
    }
}
