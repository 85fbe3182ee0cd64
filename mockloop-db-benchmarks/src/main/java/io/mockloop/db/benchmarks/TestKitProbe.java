package io.mockloop.db.benchmarks;

import io.mockloop.db.MockLoopDb;
import io.mockloop.db.junit.MockLoopDbExtension;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Child-process side of part 6, run in a fresh JVM: {@code kit <n>} times the first
 * {@link MockLoopDbExtension#newInMemoryDatabase()} and then {@code n} more, interleaved with full-migration
 * {@link MockLoopDb#inMemory()} opens; {@code full} times the first {@link MockLoopDb#inMemory()}. Prints one JSON
 * line on stdout. Creation is timed; closing is not.
 */
public final class TestKitProbe {

    private TestKitProbe() {
    }

    public static void main(String[] args) {
        String mode = args[0];
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 0;
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

    private static String list(List<Double> v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.size(); i++) {
            b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", v.get(i)));
        }
        return b.append(']').toString();
    }
}
