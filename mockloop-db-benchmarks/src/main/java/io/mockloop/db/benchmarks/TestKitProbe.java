package io.mockloop.db.benchmarks;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.junit.MockLoopDbExtension;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * Child-process side of part 6, run in a fresh JVM: {@code kit <n>} times the first
 * {@link MockLoopDbExtension#newInMemoryDatabase()} and then {@code n} more, interleaved with full-migration
 * {@link MockLoopDb#inMemory()} opens; {@code full} times the first {@link MockLoopDb#inMemory()};
 * {@code floor} times the third-party part of a first open alone (see {@link #floor()}). Prints one JSON
 * line on stdout. Creation is timed; closing is not.
 */
public final class TestKitProbe {

    private TestKitProbe() {
    }

    public static void main(String[] args) {
        String mode = args[0];
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        if (mode.equals("floor")) {
            floor();
            return;
        }
        long t0 = System.nanoTime();
        MockLoopDb first = mode.equals("kit") ? MockLoopDbExtension.newInMemoryDatabase() : MockLoopDb.inMemory();
        double firstMs = (System.nanoTime() - t0) / 1e6;
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        first.close();
        List<Double> kit = new ArrayList<>();
        List<Double> full = new ArrayList<>();
        if (mode.equals("kit")) {
            int fullEvery = Math.max(1, n / 5);
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                MockLoopDb db = MockLoopDbExtension.newInMemoryDatabase();
                kit.add((System.nanoTime() - s) / 1e6);
                db.close();
                if (i % fullEvery == fullEvery / 2) {
                    s = System.nanoTime();
                    db = MockLoopDb.inMemory();
                    full.add((System.nanoTime() - s) / 1e6);
                    db.close();
                }
            }
        }
        System.out.println(String.format(Locale.ROOT, "{\"mode\":\"%s\",\"firstMs\":%.3f,\"uptimeAtFirstMs\":%d,"
                + "\"kitMs\":%s,\"fullMs\":%s}", mode, firstMs, uptime, list(kit), list(full)));
    }

    /**
     * The third-party floor of a first open, in a fresh JVM: what any open of this stack does whatever the library
     * does around it, as the library's open uses them: the SQLite driver opens an in-memory database behind a HikariCP
     * pool of one (which opens a connection at start), jOOQ makes a DSLContext on the pool, and Jackson's ObjectMapper
     * writes one map. No query runs through jOOQ, as none does in the kit's open. Prints {@code firstMs}.
     */
    private static void floor() {
        long t0 = System.nanoTime();
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:sqlite:file:/mockloop-floor?vfs=memdb");
        cfg.setMaximumPoolSize(1);
        try (HikariDataSource ds = new HikariDataSource(cfg)) {
            DSLContext dsl = DSL.using(ds, SQLDialect.SQLITE);
            String json = new ObjectMapper().writeValueAsString(Map.of("accept", List.of("*/*")));
            double ms = (System.nanoTime() - t0) / 1e6;
            if (dsl.dialect() != SQLDialect.SQLITE || json.isEmpty()) {
                throw new IllegalStateException("the floor probe made " + dsl.dialect() + " and wrote " + json);
            }
            System.out.println(String.format(Locale.ROOT, "{\"mode\":\"floor\",\"firstMs\":%.3f}", ms));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String list(List<Double> v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.size(); i++) {
            b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", v.get(i)));
        }
        return b.append(']').toString();
    }
}
