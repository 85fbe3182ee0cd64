package io.mockloop.db.internal.log;

/** The one percentile definition of the library (PostgreSQL percentile_cont). Stateless. */
final class Percentiles {

    private Percentiles() {
    }

    /**
     * @param sorted values in ascending order
     * @param p the fraction, 0 to 1
     * @return the linearly interpolated percentile, {@code 0} when there are no values
     */
    static double cont(long[] sorted, double p) {
        int n = sorted.length;
        if (n == 0) {
            return 0;
        }
        double rank = p * (n - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(n - 1, lo + 1);
        return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
    }
}
