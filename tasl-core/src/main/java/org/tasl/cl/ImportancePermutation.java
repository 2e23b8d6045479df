package org.tasl.cl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The control of the consolidation experiment: the same importance values, dealt to the units
 * in a seeded random order. Consolidation then sees exactly as many important units, with the
 * same score distribution, but not the ones the gradients found — so a run with permuted
 * importance isolates what the scores themselves contribute beyond merging and averaging.
 */
public final class ImportancePermutation {
    private ImportancePermutation() {}

    /**
     * The scores with their values shuffled across the units: the result has the same keys in
     * the same order and the same multiset of values; {@code seed} fixes the permutation.
     */
    public static Map<String, Double> permute(Map<String, Double> scores, long seed) {
        List<Double> values = new ArrayList<>(scores.values());
        Collections.shuffle(values, new Random(seed));
        Map<String, Double> out = new LinkedHashMap<>();
        int i = 0;
        for (String unit : scores.keySet()) {
            out.put(unit, values.get(i++));
        }
        return out;
    }
}
