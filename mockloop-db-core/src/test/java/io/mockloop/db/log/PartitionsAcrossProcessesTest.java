package io.mockloop.db.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.testing.ChildJvm;
import io.mockloop.db.testing.DbTarget;
import io.mockloop.db.testing.InternalAccess;
import io.mockloop.db.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22.4: {@code ensureRequestLogPartitions()} run by several processes at once at a month boundary. Each
 * {@link PartitionRaceChild} opens the partitioned database with its clock set just before or just after
 * 2031-02-01T00:00:00Z (time injected through the builder's internal clock, not a global), then calls it a few times
 * while appending logs around the boundary; 300 logs of those months already wait in the default partition. The
 * partitions of January, February and March 2031 are each reported created by exactly one process, no log is lost or
 * doubled, and the default partition keeps only the months no partition covers.
 *
 * <p>{@code -Dmockloop.partitions.processes=N} (default 3) and {@code -Dmockloop.partitions.seconds=S} (default 2,
 * the appending after the go) scale it; about 15-25 s on a loaded 2-core machine.
 */
class PartitionsAcrossProcessesTest {

    private static final Instant BOUNDARY = Instant.parse("2031-02-01T00:00:00Z");
    private static final int PROCESSES = Integer.getInteger("mockloop.partitions.processes", 3);
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("mockloop.partitions.seconds", 2));
    /** Each process's clock, relative to the boundary: before it (makes January and February), after it (February, March). */
    private static final long[] OFFSETS_MS = {-300, 300, -1, 1};

    @TempDir
    Path tmp;

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file).stream().filter(l -> !l.startsWith("\tat ")).toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Test
    void processesRacingAtAMonthBoundaryCreateEachPartitionOnceAndLoseNoRow() throws Exception {
        Path goFile = tmp.resolve("go");
        Path stopFile = tmp.resolve("stop");
        List<ChildJvm> children = new ArrayList<>();
        try (TestDatabase tdb = TestDatabase.create(DbTarget.POSTGRESQL_PARTITIONED);
             MockLoopDb db = tdb.builder().build()) {
            List<RequestLog> waiting = new ArrayList<>();
            for (int i = 1; i <= 300; i++) {
                waiting.add(RequestLog.builder("GET", "/before", 200).requestId("parent-" + i)
                        .timestamp(BOUNDARY.plus(PartitionRaceChild.SPREAD.get(i % PartitionRaceChild.SPREAD.size())))
                        .build());
            }
            db.requestLogs().appendAll(waiting);
            DSLContext dsl = InternalAccess.dsl(db);
            assertThat(dsl.fetchCount(DSL.table("request_logs_default"))).as("rows in the default partition").isEqualTo(300);
            try {
                for (int i = 0; i < PROCESSES; i++) {
                    children.add(ChildJvm.start(PartitionRaceChild.class, tmp.resolve("p" + i + ".err"), tdb.url(),
                            "p" + i, goFile.toString(), stopFile.toString(), BOUNDARY.toString(),
                            Long.toString(OFFSETS_MS[i % OFFSETS_MS.length])));
                }
                for (ChildJvm c : children) {
                    assertThat(c.nextLine(Duration.ofSeconds(90))).as("first line of %s; see %s", c.pid(), c.stderr())
                            .isEqualTo("OPEN");
                }
                Files.createFile(goFile);
                Thread.sleep(RUN.toMillis());
                Files.createFile(stopFile);
                Map<String, Integer> created = new HashMap<>();
                Map<String, Long> acked = new HashMap<>();
                for (int i = 0; i < children.size(); i++) {
                    ChildJvm c = children.get(i);
                    int exit = c.waitFor(Duration.ofSeconds(90));
                    List<String> lines = c.drain();
                    assertThat(exit).as("exit of p%d; its stderr:%n%s", i, tail(c.stderr())).isZero();
                    assertThat(lines).as("p%d's report", i).contains("DONE");
                    for (String line : lines) {
                        String[] f = line.split(" ");
                        if (f[0].equals("CREATED")) {
                            created.merge(f[1], 1, Integer::sum);
                        } else if (f[0].equals("ACK")) {
                            acked.merge("p" + i, Long.parseLong(f[1]), Math::max);
                        }
                    }
                }
                System.out.printf("partition race: %d processes, created %s, logs acknowledged %s%n", PROCESSES,
                        created, acked);
                assertThat(created).as("partitions and how many processes reported creating each").containsOnly(
                        Map.entry("request_logs_2031_01", 1), Map.entry("request_logs_2031_02", 1),
                        Map.entry("request_logs_2031_03", 1));

                Map<String, Integer> stored = new HashMap<>();
                var requestId = DSL.field(DSL.name("request_id"), String.class);
                dsl.select(requestId, DSL.count()).from(DSL.table(DSL.name("request_logs"))).groupBy(requestId)
                        .fetch().forEach(r -> stored.put(r.value1(), r.value2()));
                long expected = 300;
                for (int i = 1; i <= 300; i++) {
                    assertThat(stored.get("parent-" + i)).as("rows of parent-%d", i).isEqualTo(1);
                }
                for (Map.Entry<String, Long> e : acked.entrySet()) {
                    expected += e.getValue();
                    for (long n = 1; n <= e.getValue(); n++) {
                        assertThat(stored.get(e.getKey() + "-" + n)).as("rows of %s-%d", e.getKey(), n).isEqualTo(1);
                    }
                }
                assertThat(stored.values().stream().mapToLong(Integer::longValue).sum()).as("rows stored")
                        .isEqualTo(expected);
                assertThat(acked).as("processes that appended").hasSize(PROCESSES);
                assertThat(dsl.fetchCount(DSL.table("request_logs_default"), DSL.condition(
                        "timestamp >= '2031-01-01' AND timestamp < '2031-04-01'")))
                        .as("rows of January to March 2031 left in the default partition").isZero();
                assertThat(dsl.fetchCount(DSL.table("request_logs_default"))).as("April rows in the default partition")
                        .isEqualTo(dsl.fetchCount(DSL.table("request_logs"), DSL.condition("timestamp >= '2031-04-01'")))
                        .isPositive();
            } finally {
                children.forEach(ChildJvm::close);
            }
        }
    }
}
