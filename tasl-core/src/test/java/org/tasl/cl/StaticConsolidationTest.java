package org.tasl.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.tasl.cl.ConsolidationCategory.BOTH;
import static org.tasl.cl.ConsolidationCategory.CURRENT;
import static org.tasl.cl.ConsolidationCategory.NEITHER;
import static org.tasl.cl.ConsolidationCategory.PREVIOUS;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TASL_SPEC §5.1: static weighted consolidation. */
class StaticConsolidationTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Ten tensor units u0..u9, each θ̂_{k−1} = [10, −10] and θ_k = [20, 0]. */
    private Map<String, NDArray> tensors(float[] value) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            m.put("u" + i, manager.create(value));
        }
        return m;
    }

    private static Map<String, Double> raw(double... values) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put("u" + i, values[i]);
        }
        return m;
    }

    // p = Norm([0..9]) = i/9; t_prev = 80th percentile = (7 + 0.2)/9 = 0.8 → important: u8, u9
    // c = Norm([0,1,2,3,4,5,6,9,7,8]) ; t_cur = 0.8 → important: u7 (c = 1), u9 (c = 8/9)
    private static final Map<String, Double> PREVIOUS_RAW = raw(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    private static final Map<String, Double> CURRENT_RAW = raw(0, 1, 2, 3, 4, 5, 6, 9, 7, 8);

    @Test
    void theFourCasesAndTheirWeights() {
        Map<String, NDArray> theta = tensors(new float[] {20, 0});
        List<SkillUnit> units = SkillUnits.of(Granularity.MATRIX_FULL, theta);
        StaticConsolidation consolidation = new StaticConsolidation();
        Map<String, UnitDecision> d = consolidation.decide(units, PREVIOUS_RAW, CURRENT_RAW);

        assertEquals(BOTH, d.get("u9").category());
        assertEquals(0.3, d.get("u9").weight(), 1e-12);
        assertEquals(1.0, d.get("u9").previous(), 1e-12);
        assertEquals(8.0 / 9, d.get("u9").current(), 1e-12);
        assertEquals(PREVIOUS, d.get("u8").category());
        assertEquals(0.0, d.get("u8").weight(), 0);
        assertEquals(CURRENT, d.get("u7").category());
        assertEquals(1.0, d.get("u7").weight(), 0);
        for (int i = 0; i <= 6; i++) {
            assertEquals(NEITHER, d.get("u" + i).category(), "u" + i);
            assertEquals(0.5, d.get("u" + i).weight(), 0);
        }

        Map<String, NDArray> hat = consolidation.apply(units, d, tensors(new float[] {10, -10}), theta, manager);
        assertArrayEquals(new float[] {13, -7}, hat.get("u9").toFloatArray(), 1e-5f);   // 0.7·θ̂ + 0.3·θ
        assertArrayEquals(new float[] {10, -10}, hat.get("u8").toFloatArray(), 0);     // θ̂_{k−1} kept
        assertArrayEquals(new float[] {20, 0}, hat.get("u7").toFloatArray(), 0);       // θ_k taken
        assertArrayEquals(new float[] {15, -5}, hat.get("u0").toFloatArray(), 1e-5f);  // averaged
        assertArrayEquals(new float[] {20, 0}, theta.get("u8").toFloatArray(), 0);     // inputs untouched
    }

    @Test
    void importantMeansStrictlyAboveThePercentile() {
        // p = [0,0,0,0,0,1,1,1,1,1]: the 80th percentile is 1 itself; no unit is strictly above,
        // so none is important to previous tasks (with ≥ half of them would be).
        Map<String, UnitDecision> d = new StaticConsolidation().decide(
                SkillUnits.of(Granularity.MATRIX_FULL, tensors(new float[] {0})),
                raw(0, 0, 0, 0, 0, 1, 1, 1, 1, 1), raw(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        for (int i = 0; i < 10; i++) {
            assertEquals(i >= 8 ? CURRENT : NEITHER, d.get("u" + i).category(), "u" + i);
        }
    }

    @Test
    void percentileAndWeightsAreConfigurable() {
        // percentile 0.5: t_prev = 4.5/9, t_cur = 4.5/9 → u5..u9 important to both, u0..u4 to neither
        // both: θ̂_{k−1} weight 0.6 → θ_k weight 0.4; neither: θ̂_{k−1} weight 0.2 → θ_k weight 0.8
        Map<String, UnitDecision> d = new StaticConsolidation(0.5, 0.6, 0.2).decide(
                SkillUnits.of(Granularity.MATRIX_FULL, tensors(new float[] {0})), PREVIOUS_RAW, CURRENT_RAW);
        for (int i = 0; i < 10; i++) {
            assertEquals(i >= 5 ? BOTH : NEITHER, d.get("u" + i).category(), "u" + i);
            assertEquals(i >= 5 ? 0.4 : 0.8, d.get("u" + i).weight(), 1e-12);
        }
    }

    @Test
    void aUnitNewThisTaskHasNoPreviousImportance() {
        Map<String, Double> previous = raw(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        previous.remove("u9");
        Map<String, UnitDecision> d = new StaticConsolidation().decide(
                SkillUnits.of(Granularity.MATRIX_FULL, tensors(new float[] {0})), previous, CURRENT_RAW);
        assertEquals(0.0, d.get("u9").previous(), 0);
        assertEquals(CURRENT, d.get("u9").category());
    }

    @Test
    void matrixLevelLoraUnitsMergeWholeMatricesAndTiedNamesShareTheResult() {
        Map<String, NDArray> theta = new LinkedHashMap<>();
        theta.put("q.lora_A.weight", manager.create(new float[][] {{1, 1}}));
        theta.put("q.lora_B.weight", manager.create(new float[][] {{1}, {1}}));
        NDArray emb = manager.create(new float[] {2, 2});
        theta.put("shared.weight", emb);
        theta.put("lm_head.weight", emb);
        theta.put("new.weight", manager.create(new float[] {5}));
        Map<String, NDArray> prev = new LinkedHashMap<>();
        prev.put("q.lora_A.weight", manager.create(new float[][] {{0, 0}}));
        prev.put("q.lora_B.weight", manager.create(new float[][] {{3}, {3}}));
        prev.put("shared.weight", manager.create(new float[] {0, 4}));
        prev.put("old.weight", manager.create(new float[] {7}));
        List<SkillUnit> units = SkillUnits.of(Granularity.MATRIX_LORA, theta);
        Map<String, UnitDecision> d = new LinkedHashMap<>();
        d.put("q#A", new UnitDecision("q#A", BOTH, 0.3, 1, 1));
        d.put("q#B", new UnitDecision("q#B", PREVIOUS, 0, 1, 0));
        d.put("shared.weight", new UnitDecision("shared.weight", NEITHER, 0.5, 0, 0));
        d.put("new.weight", new UnitDecision("new.weight", NEITHER, 0.5, 0, 0));
        Map<String, NDArray> hat = WeightedMerge.apply(units, d, prev, theta, manager);
        assertArrayEquals(new float[] {0.3f, 0.3f}, hat.get("q.lora_A.weight").toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {3, 3}, hat.get("q.lora_B.weight").toFloatArray(), 0);
        assertArrayEquals(new float[] {1, 3}, hat.get("shared.weight").toFloatArray(), 1e-6f);
        assertSame(hat.get("shared.weight"), hat.get("lm_head.weight")); // still tied: one array
        // a tensor θ̂_{k−1} lacks is taken from θ_k; one only θ̂_{k−1} has is kept
        assertArrayEquals(new float[] {5}, hat.get("new.weight").toFloatArray(), 0);
        assertArrayEquals(new float[] {7}, hat.get("old.weight").toFloatArray(), 0);
        assertEquals(List.of("q.lora_A.weight", "q.lora_B.weight", "shared.weight", "lm_head.weight", "new.weight",
                "old.weight"), List.copyOf(hat.keySet()));
    }
}
