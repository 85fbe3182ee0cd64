package io.mockloop.db.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Min / median / max of a handful of samples (one per repetition). Not thread-safe. */
final class Stats {

    private final List<Double> samples = new ArrayList<>();

    Stats add(double v) {
        samples.add(v);
        return this;
    }

    int count() {
        return samples.size();
    }

    boolean isEmpty() {
        return samples.isEmpty();
    }

    private double[] sorted() {
        double[] a = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a;
    }

    double min() {
        double[] a = sorted();
        return a.length == 0 ? Double.NaN : a[0];
    }

    double max() {
        double[] a = sorted();
        return a.length == 0 ? Double.NaN : a[a.length - 1];
    }

    /** The median; with an even count, the mean of the two middle samples. */
    double median() {
        double[] a = sorted();
        if (a.length == 0) {
            return Double.NaN;
        }
        int m = a.length / 2;
        return a.length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2;
    }

    List<Double> values() {
        return List.copyOf(samples);
    }
}
