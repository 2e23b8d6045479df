package org.tasl.cl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The consolidation decision for one skill unit: θ̂_k[u] = weight·θ_k[u] + (1 − weight)·θ̂_{k−1}[u].
 *
 * @param unit the unit name
 * @param category why (static case, adaptive, initial, none)
 * @param weight the weight θ_k[u] gets (static 0.3 / 0 / 1 / 0.5, adaptive w_cur)
 * @param previous p = Norm(Î_{k−1})[u], the unit's normalized importance to previous tasks (0
 *     when it was not a unit then; NaN for initial/none)
 * @param current c = Norm(I(U_k))[u], its normalized importance to the current task (NaN for
 *     initial/none)
 */
public record UnitDecision(String unit, ConsolidationCategory category, double weight, double previous, double current) {

    public UnitDecision {
        if (!(weight >= 0 && weight <= 1)) {
            throw new IllegalArgumentException("consolidation weight of unit " + unit + " is " + weight + ": expected [0, 1]");
        }
    }

    /**
     * The same decision for every unit, weight 1 on θ_k: {@link ConsolidationCategory#INITIAL}
     * for the first task, {@link ConsolidationCategory#NONE} for methods without consolidation.
     */
    public static Map<String, UnitDecision> takeCurrent(List<SkillUnit> units, ConsolidationCategory category) {
        Map<String, UnitDecision> out = new LinkedHashMap<>();
        for (SkillUnit u : units) {
            out.put(u.name(), new UnitDecision(u.name(), category, 1.0, Double.NaN, Double.NaN));
        }
        return out;
    }
}
