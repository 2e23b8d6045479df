package org.tasl.cl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Importance accumulated over the tasks seen so far (TASL_SPEC §4):
 *
 * <pre>
 *   Î_0 = I(U_0)                                              (raw)
 *   Î_k = Norm( β·Norm(Î_{k−1}) + (1−β)·Norm(I(U_k)) ),   β = 0.7
 * </pre>
 *
 * where Norm is a min-max normalization over all units of the model at once. Past tasks' raw
 * scores are not kept: Î carries them, so a run resumes from the saved Î alone.
 *
 * <p>Units pair by name. A unit present on one side only (a tensor trained for the first time,
 * a new O-LoRA adapter; or a unit no longer trained) counts as 0 on the side it is missing from,
 * after that side's normalization: it mattered nothing to those tasks. Î_k covers the union.
 */
public final class CumulativeImportance {

    public static final double DEFAULT_BETA = 0.7;

    private final double beta;

    /** β = 0.7. */
    public CumulativeImportance() {
        this(DEFAULT_BETA);
    }

    public CumulativeImportance(double beta) {
        if (!(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("cumulative importance beta must be in [0, 1], got " + beta);
        }
        this.beta = beta;
    }

    public double beta() {
        return beta;
    }

    /**
     * Î_k from Î_{k−1} and I(U_k); for the first task pass {@code previous = null} and get a copy
     * of the raw I(U_0). Order: the units of {@code current}, then those only in {@code previous}.
     */
    public Map<String, Double> next(Map<String, Double> previous, Map<String, Double> current) {
        if (previous == null) {
            Map<String, Double> copy = new LinkedHashMap<>(current);
            normalize(copy); // validates: finite scores only
            return copy;
        }
        Map<String, Double> p = normalize(previous);
        Map<String, Double> c = normalize(current);
        Map<String, Double> mixed = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : c.entrySet()) {
            mixed.put(e.getKey(), beta * p.getOrDefault(e.getKey(), 0.0) + (1 - beta) * e.getValue());
        }
        for (Map.Entry<String, Double> e : p.entrySet()) {
            mixed.putIfAbsent(e.getKey(), beta * e.getValue());
        }
        return normalize(mixed);
    }

    /**
     * Norm(x) = (x − min) / (max − min) over all entries at once. A constant vector (max = min,
     * where the reference code divides by zero) normalizes to all zeros: no unit stands out.
     *
     * @throws IllegalArgumentException naming the unit whose score is NaN or infinite
     */
    public static Map<String, Double> normalize(Map<String, Double> scores) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            double v = e.getValue();
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("importance of unit " + e.getKey() + " is " + v + ": expected a finite number");
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = max - min;
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            out.put(e.getKey(), range > 0 ? (e.getValue() - min) / range : 0.0);
        }
        return out;
    }
}
