package org.tasl.cl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adaptive weighted consolidation, a soft mask (TASL_SPEC §5.2; TasLoRA default):
 *
 * <pre>
 *   w_cur = σ((c − p)/τ),   θ̂_k[u] = w_cur·θ_k[u] + (1 − w_cur)·θ̂_{k−1}[u],   τ = 0.25
 * </pre>
 *
 * A unit that matters more to the current task than to the previous ones leans to θ_k, and the
 * other way round; τ sets how sharp the lean is. For a rank unit the same w applies to row i of
 * A and column i of B.
 */
public final class AdaptiveConsolidation implements Consolidation {

    public static final double DEFAULT_TAU = 0.25;

    private final double tau;

    /** τ = 0.25. */
    public AdaptiveConsolidation() {
        this(DEFAULT_TAU);
    }

    public AdaptiveConsolidation(double tau) {
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("adaptive consolidation tau must be a positive number, got " + tau);
        }
        this.tau = tau;
    }

    @Override
    public String name() {
        return "adaptive";
    }

    public double tau() {
        return tau;
    }

    @Override
    public Map<String, UnitDecision> decide(List<SkillUnit> units, Map<String, Double> cumulativePrevious,
            Map<String, Double> current) {
        if (units.isEmpty()) {
            return Map.of();
        }
        double[][] pc = Consolidation.normalizedScores(units, cumulativePrevious, current);
        List<UnitDecision> out = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            double p = pc[0][i];
            double c = pc[1][i];
            double w = 1 / (1 + Math.exp(-(c - p) / tau));
            out.add(new UnitDecision(units.get(i).name(), ConsolidationCategory.ADAPTIVE, w, p, c));
        }
        return Consolidation.byUnit(out);
    }
}
