package org.tasl.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TASL_SPEC §4: Norm and the cumulative importance update. */
class CumulativeImportanceTest {

    static Map<String, Double> scores(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    @Test
    void normIsAGlobalMinMax() {
        // min 2, max 6: (x − 2)/4
        assertEquals(scores("a", 0, "b", 0.5, "c", 1), CumulativeImportance.normalize(scores("a", 2, "b", 4, "c", 6)));
    }

    @Test
    void aConstantVectorNormalizesToZeros() {
        assertEquals(scores("a", 0, "b", 0), CumulativeImportance.normalize(scores("a", 3, "b", 3)));
        assertEquals(scores("a", 0), CumulativeImportance.normalize(scores("a", 7)));
    }

    @Test
    void aNonFiniteScoreIsAnErrorNamingTheUnit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CumulativeImportance.normalize(scores("a", 1, "q#rank3", Double.NaN)));
        assertTrue(e.getMessage().contains("q#rank3"), e.getMessage());
    }

    @Test
    void theFirstTaskKeepsTheRawScores() {
        assertEquals(scores("a", 2, "b", 4, "c", 6), new CumulativeImportance().next(null, scores("a", 2, "b", 4, "c", 6)));
    }

    @Test
    void laterTasksMixNormalizedPreviousAndCurrentThenNormalize() {
        // Norm(Î_0) = [0, 0.5, 1]; Norm(I(U_1)) for [10, 0, 5] = [1, 0, 0.5]
        // 0.7·p + 0.3·c = [0.3, 0.35, 0.85]; Norm → [0, 0.05/0.55 = 1/11, 1]
        Map<String, Double> next = new CumulativeImportance().next(scores("a", 2, "b", 4, "c", 6),
                scores("a", 10, "b", 0, "c", 5));
        assertEquals(List.of("a", "b", "c"), List.copyOf(next.keySet()));
        assertEquals(0.0, next.get("a"), 1e-12);
        assertEquals(1.0 / 11, next.get("b"), 1e-12);
        assertEquals(1.0, next.get("c"), 1e-12);
    }

    @Test
    void betaIsConfigurable() {
        // β = 0.5: 0.5·[0, 0.5, 1] + 0.5·[1, 0, 0.5] = [0.5, 0.25, 0.75] → Norm [0.5, 0, 1]
        Map<String, Double> next = new CumulativeImportance(0.5).next(scores("a", 2, "b", 4, "c", 6),
                scores("a", 10, "b", 0, "c", 5));
        assertEquals(0.5, next.get("a"), 1e-12);
        assertEquals(0.0, next.get("b"), 1e-12);
        assertEquals(1.0, next.get("c"), 1e-12);
    }

    @Test
    void aUnitMissingOnOneSideCountsZeroThere() {
        // new unit n (e.g. a new adapter): Norm(prev) = {a 0, b 1}, Norm(cur) = {a 0, b 0, n 1}
        // mix: a = 0, b = 0.7, n = 0.3 → Norm: a 0, b 1, n 3/7
        Map<String, Double> next = new CumulativeImportance().next(scores("a", 1, "b", 3), scores("a", 2, "b", 2, "n", 4));
        assertEquals(0.0, next.get("a"), 1e-12);
        assertEquals(1.0, next.get("b"), 1e-12);
        assertEquals(3.0 / 7, next.get("n"), 1e-12);
        // unit no longer trained: Norm(prev) = {a 0, b 0.5, old 1}, Norm(cur) = {a 0, b 1}
        // mix: a 0, b 0.35 + 0.3 = 0.65, old 0.7 → Norm: a 0, b 13/14, old 1
        next = new CumulativeImportance().next(scores("a", 0, "b", 2, "old", 4), scores("a", 1, "b", 3));
        assertEquals(List.of("a", "b", "old"), List.copyOf(next.keySet()));
        assertEquals(13.0 / 14, next.get("b"), 1e-12);
        assertEquals(1.0, next.get("old"), 1e-12);
    }
}
