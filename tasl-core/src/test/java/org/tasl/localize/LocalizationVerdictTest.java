package org.tasl.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The localization test read at the fraction nearest 20 %, by hand. */
class LocalizationVerdictTest {
    static final List<Double> FRACTIONS = List.of(0.05, 0.1, 0.2, 0.4);

    static Map<String, double[]> curves(double removeTop, double removeRandom, double keepTop, double keepRandom) {
        return Map.of("remove_top", new double[] {1, 1, removeTop, 0}, "remove_random", new double[] {1, 1, removeRandom, 0},
                "remove_bottom", new double[] {1, 1, 1, 1}, "keep_top", new double[] {0, 0, keepTop, 1},
                "keep_random", new double[] {0, 0, keepRandom, 1});
    }

    @Test
    void topCostsTwiceRandomAndTheTopGraftKeepsMore() {
        // at 20 %: top removal keeps 0.40 (costs 0.60), random keeps 0.75 (costs 0.25): 0.60 >= 2 x 0.25
        LocalizationVerdict v = LocalizationVerdict.of(FRACTIONS, curves(0.40, 0.75, 0.60, 0.25), 30);
        assertEquals(0.2, v.fraction());
        assertEquals(0.60, v.removeTopCost(), 1e-12);
        assertEquals(0.25, v.removeRandomCost(), 1e-12);
        assertTrue(v.removalHolds());
        assertTrue(v.graftHolds());
        assertTrue(v.localized());
    }

    @Test
    void lessThanTwiceOrAWeakerGraftIsNotLocalized() {
        // top costs 0.45, random 0.25: 0.45 < 0.50
        assertFalse(LocalizationVerdict.of(FRACTIONS, curves(0.55, 0.75, 0.60, 0.25), 30).removalHolds());
        // the top graft keeps 0.25, random 0.25: not more
        LocalizationVerdict v = LocalizationVerdict.of(FRACTIONS, curves(0.40, 0.75, 0.25, 0.25), 30);
        assertTrue(v.removalHolds());
        assertFalse(v.graftHolds());
        assertFalse(v.localized());
    }

    @Test
    void noGainOrAnUnmeasuredPointHoldsNothing() {
        LocalizationVerdict none = LocalizationVerdict.of(FRACTIONS, curves(0.40, 0.75, 0.60, 0.25), 0);
        assertFalse(none.learned());
        assertFalse(none.localized());
        LocalizationVerdict nan = LocalizationVerdict.of(FRACTIONS, curves(0.40, Double.NaN, 0.60, 0.25), 30);
        assertFalse(nan.removalHolds(), "a random point not measured cannot show the top costs twice as much");
        assertTrue(nan.graftHolds());
        assertNull(nan.toJson().get("remove_random_cost"));
    }
}
