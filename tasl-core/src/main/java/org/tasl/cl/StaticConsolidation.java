package org.tasl.cl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Static weighted consolidation, a hard mask (TASL_SPEC §5.1; TaSL default). A unit is
 * important to previous tasks when p is strictly greater than the 80th percentile of p over all
 * units (linear interpolation), and important to the current task when c is strictly greater
 * than the 80th percentile of c — about the top 20 % each. Then:
 *
 * <pre>
 *   both      θ̂_k[u] = 0.7·θ̂_{k−1}[u] + 0.3·θ_k[u]
 *   previous  θ̂_k[u] = θ̂_{k−1}[u]          task-specific old skill: preserved
 *   current   θ̂_k[u] = θ_k[u]              new skill: taken
 *   neither   θ̂_k[u] = 0.5·θ̂_{k−1}[u] + 0.5·θ_k[u]   task-shared: averaged
 * </pre>
 */
public final class StaticConsolidation implements Consolidation {

    public static final double DEFAULT_PERCENTILE = 0.8;
    /** Weight of θ̂_{k−1} for a unit important to both (θ_k gets 1 − it = 0.3). */
    public static final double DEFAULT_BOTH_PREVIOUS_WEIGHT = 0.7;
    /** Weight of θ̂_{k−1} for a unit important to neither (θ_k gets 1 − it = 0.5). */
    public static final double DEFAULT_NEITHER_PREVIOUS_WEIGHT = 0.5;

    private final double percentile;
    private final double bothPreviousWeight;
    private final double neitherPreviousWeight;

    /** Percentile 0.8, weights 0.7/0.3 (both) and 0.5/0.5 (neither). */
    public StaticConsolidation() {
        this(DEFAULT_PERCENTILE, DEFAULT_BOTH_PREVIOUS_WEIGHT, DEFAULT_NEITHER_PREVIOUS_WEIGHT);
    }

    /**
     * @param percentile the threshold quantile in [0, 1] (0.8: the top 20 % are important)
     * @param bothPreviousWeight the weight of θ̂_{k−1} for units important to both
     * @param neitherPreviousWeight the weight of θ̂_{k−1} for units important to neither
     */
    public StaticConsolidation(double percentile, double bothPreviousWeight, double neitherPreviousWeight) {
        check("percentile", percentile);
        check("both-previous weight", bothPreviousWeight);
        check("neither-previous weight", neitherPreviousWeight);
        this.percentile = percentile;
        this.bothPreviousWeight = bothPreviousWeight;
        this.neitherPreviousWeight = neitherPreviousWeight;
    }

    @Override
    public String name() {
        return "static";
    }

    public double percentile() {
        return percentile;
    }

    @Override
    public Map<String, UnitDecision> decide(List<SkillUnit> units, Map<String, Double> cumulativePrevious,
            Map<String, Double> current) {
        if (units.isEmpty()) {
            return Map.of();
        }
        double[][] pc = Consolidation.normalizedScores(units, cumulativePrevious, current);
        double tPrev = Percentile.linear(pc[0], percentile);
        double tCur = Percentile.linear(pc[1], percentile);
        List<UnitDecision> out = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            double p = pc[0][i];
            double c = pc[1][i];
            boolean prev = p > tPrev;
            boolean cur = c > tCur;
            ConsolidationCategory category;
            double weight;
            if (prev && cur) {
                category = ConsolidationCategory.BOTH;
                weight = 1 - bothPreviousWeight;
            } else if (prev) {
                category = ConsolidationCategory.PREVIOUS;
                weight = 0;
            } else if (cur) {
                category = ConsolidationCategory.CURRENT;
                weight = 1;
            } else {
                category = ConsolidationCategory.NEITHER;
                weight = 1 - neitherPreviousWeight;
            }
            out.add(new UnitDecision(units.get(i).name(), category, weight, p, c));
        }
        return Consolidation.byUnit(out);
    }

    private static void check(String what, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException("static consolidation " + what + " must be in [0, 1], got " + v);
        }
    }
}
