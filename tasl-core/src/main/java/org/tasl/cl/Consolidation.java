package org.tasl.cl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Skill consolidation for task k ≥ 1 (TASL_SPEC §5): decide, per skill unit, how much of θ_k
 * and how much of θ̂_{k−1} goes into θ̂_k, from p = Norm(Î_{k−1})[u] (previous tasks) and
 * c = Norm(I(U_k))[u] (current task); then merge the tensors unit by unit.
 */
public interface Consolidation {

    /** {@code static} or {@code adaptive}. */
    String name();

    /**
     * One decision per unit, in the order of {@code units}.
     *
     * @param cumulativePrevious Î_{k−1} by unit name (units missing from it count p = 0)
     * @param current I(U_k) by unit name (must cover every unit)
     */
    Map<String, UnitDecision> decide(List<SkillUnit> units, Map<String, Double> cumulativePrevious,
            Map<String, Double> current);

    /**
     * θ̂_k from θ̂_{k−1} and θ_k under {@code decisions}: new arrays in {@code into}, on the
     * tensors' device; the inputs are not modified. See {@link WeightedMerge#apply}.
     */
    default Map<String, NDArray> apply(List<SkillUnit> units, Map<String, UnitDecision> decisions,
            Map<String, NDArray> thetaHatPrevious, Map<String, NDArray> theta, NDManager into) {
        return WeightedMerge.apply(units, decisions, thetaHatPrevious, theta, into);
    }

    /** {@code static} (defaults of §5.1) or {@code adaptive} (τ = 0.25). */
    static Consolidation named(String name) {
        switch (name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "static":
                return new StaticConsolidation();
            case "adaptive":
                return new AdaptiveConsolidation();
            default:
                throw new IllegalArgumentException("unknown consolidation strategy '" + name + "': expected static or adaptive");
        }
    }

    /** c and p for every unit: Norm over each map, p = 0 for a unit missing from Î_{k−1}. */
    static double[][] normalizedScores(List<SkillUnit> units, Map<String, Double> cumulativePrevious,
            Map<String, Double> current) {
        Map<String, Double> p = CumulativeImportance.normalize(cumulativePrevious);
        Map<String, Double> c = CumulativeImportance.normalize(current);
        double[][] pc = new double[2][units.size()];
        for (int i = 0; i < units.size(); i++) {
            String name = units.get(i).name();
            Double ci = c.get(name);
            if (ci == null) {
                throw new IllegalArgumentException("no current-task importance for unit " + name);
            }
            pc[0][i] = p.getOrDefault(name, 0.0);
            pc[1][i] = ci;
        }
        return pc;
    }

    /** Helper for implementations: decisions keyed by unit name, in order. */
    static Map<String, UnitDecision> byUnit(List<UnitDecision> decisions) {
        Map<String, UnitDecision> out = new LinkedHashMap<>();
        for (UnitDecision d : decisions) {
            out.put(d.unit(), d);
        }
        return out;
    }
}
