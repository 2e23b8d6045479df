package org.tasl.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control's shuffle: the same values, dealt to the units in a seeded order. */
class ImportancePermutationTest {
    private static final Map<String, Double> SCORES = new LinkedHashMap<>();

    static {
        SCORES.put("q#A", 0.1);
        SCORES.put("q#B", 0.2);
        SCORES.put("v#A", 0.3);
        SCORES.put("v#B", 0.4);
        SCORES.put("o#A", 0.5);
        SCORES.put("o#B", 0.6);
    }

    @Test
    void keepsTheUnitsTheirOrderAndTheValuesButMovesThem() {
        Map<String, Double> p = ImportancePermutation.permute(SCORES, 42);
        assertEquals(new ArrayList<>(SCORES.keySet()), new ArrayList<>(p.keySet()), "same units, same order");
        List<Double> values = new ArrayList<>(p.values());
        values.sort(null);
        assertEquals(List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6), values, "the same multiset of values");
        assertNotEquals(SCORES, p, "at least one unit got another unit's score");
    }

    @Test
    void theSeedFixesThePermutation() {
        assertEquals(ImportancePermutation.permute(SCORES, 7), ImportancePermutation.permute(SCORES, 7));
        assertNotEquals(ImportancePermutation.permute(SCORES, 7), ImportancePermutation.permute(SCORES, 8));
    }

    @Test
    void aSingleUnitKeepsItsScore() {
        assertEquals(Map.of("u", 3.0), ImportancePermutation.permute(Map.of("u", 3.0), 1));
    }
}
