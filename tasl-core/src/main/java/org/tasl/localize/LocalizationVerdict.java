package org.tasl.localize;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the localization curves say at the fraction nearest 20 % (issue 12's test): removing the
 * top units must cost at least twice the gain that removing random units costs, and keeping only
 * the top units must keep more of the gain than keeping random ones. Read by {@code ./tasl
 * localize}'s table and by the dashboard. Costs and shares are of the trained gain; NaN where a
 * point was not measured (then the test it belongs to does not hold).
 *
 * @param learned whether training raised the score above zero-shot (else there is no gain to localize)
 */
public record LocalizationVerdict(double fraction, double removeTopCost, double removeRandomCost, double keepTop,
        double keepRandom, boolean learned, boolean removalHolds, boolean graftHolds) {

    /** The fraction the test is read at (the nearest measured one). */
    public static final double FRACTION = 0.2;

    /** Both tests hold: the important units carry the skill. */
    public boolean localized() {
        return removalHolds && graftHolds;
    }

    /**
     * @param fractions the measured shares of the units
     * @param curves gain shares per curve (remove_top, remove_random, keep_top, keep_random), aligned with fractions
     * @param gain trained − zero-shot score
     */
    public static LocalizationVerdict of(List<Double> fractions, Map<String, double[]> curves, double gain) {
        int i = 0;
        for (int j = 1; j < fractions.size(); j++) {
            if (Math.abs(fractions.get(j) - FRACTION) < Math.abs(fractions.get(i) - FRACTION)) {
                i = j;
            }
        }
        double costTop = 1 - curves.get("remove_top")[i];
        double costRandom = 1 - curves.get("remove_random")[i];
        double keepTop = curves.get("keep_top")[i];
        double keepRandom = curves.get("keep_random")[i];
        boolean learned = gain > 0;
        // comparisons with NaN are false: an unmeasured point fails its test
        boolean removal = learned && costTop > 0 && costTop >= 2 * costRandom;
        boolean graft = learned && keepTop > keepRandom;
        return new LocalizationVerdict(fractions.get(i), costTop, costRandom, keepTop, keepRandom, learned, removal, graft);
    }

    /** fraction, remove_top_cost, remove_random_cost, keep_top, keep_random (NaN as null), learned, the tests. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fraction", fraction);
        m.put("remove_top_cost", finite(removeTopCost));
        m.put("remove_random_cost", finite(removeRandomCost));
        m.put("keep_top", finite(keepTop));
        m.put("keep_random", finite(keepRandom));
        m.put("learned", learned);
        m.put("removal_holds", removalHolds);
        m.put("graft_holds", graftHolds);
        m.put("localized", localized());
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
