package org.tasl.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mean and sample standard deviation (n − 1 in the denominator) of the finite values among
 * a metric's values; NaN values (FWT of a one-task run, a cell not computed) are left out and
 * not counted in n. sd is NaN for n &lt; 2, mean for n = 0.
 */
public record MeanSd(double mean, double sd, int n) {

    public static MeanSd of(List<Double> values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        if (n == 0) {
            return new MeanSd(Double.NaN, Double.NaN, 0);
        }
        double mean = sum / n;
        if (n == 1) {
            return new MeanSd(mean, Double.NaN, 1);
        }
        double ss = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        return new MeanSd(mean, Math.sqrt(ss / (n - 1)), n);
    }

    /** {"mean", "sd", "n"}; NaN as null. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", Double.isFinite(mean) ? mean : null);
        m.put("sd", Double.isFinite(sd) ? sd : null);
        m.put("n", n);
        return m;
    }
}
