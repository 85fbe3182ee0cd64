package io.mockloop.db.benchmarks;

import java.util.function.DoublePredicate;

/**
 * A goal a figure is held against, judged on the median of the repetitions.
 *
 * @param text   how the README states it, e.g. "≥ 0.9×"
 * @param passes the test applied to the median
 */
record Target(String text, DoublePredicate passes) {

    static Target atLeast(double v, String text) {
        return new Target(text, m -> m >= v);
    }

    static Target atMost(double v, String text) {
        return new Target(text, m -> m <= v);
    }

    String verdict(double median) {
        if (Double.isNaN(median)) {
            return "n/a";
        }
        return passes.test(median) ? "meets" : "**short**";
    }
}
