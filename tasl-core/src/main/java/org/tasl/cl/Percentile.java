package org.tasl.cl;

import java.util.Arrays;

/** Percentiles with linear interpolation between closest ranks (numpy's default). */
public final class Percentile {

    private Percentile() {
    }

    /**
     * The q-quantile of {@code values} (q in [0, 1]): sort, position q·(n−1), interpolate
     * linearly between the two neighbours.
     */
    public static double linear(double[] values, double q) {
        if (values.length == 0) {
            throw new IllegalArgumentException("percentile of no values");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("percentile must be in [0, 1], got " + q);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
    }
}
