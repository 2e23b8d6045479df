package org.tasl.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TASL_SPEC §5.2: adaptive weighted consolidation, and rank units' row/column slices. */
class AdaptiveConsolidationTest {

    private static final String A = "layer.0.q.lora_A.weight";
    private static final String B = "layer.0.q.lora_B.weight";

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** A LoRA module of rank 3: A [3, 2] and B [2, 3]. */
    private Map<String, NDArray> lora(float a, float b) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        m.put(A, manager.full(new Shape(3, 2), a));
        m.put(B, manager.full(new Shape(2, 3), b));
        return m;
    }

    private static Map<String, Double> rankScores(double r0, double r1, double r2) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("layer.0.q#rank0", r0);
        m.put("layer.0.q#rank1", r1);
        m.put("layer.0.q#rank2", r2);
        return m;
    }

    // p = Norm([0, 5, 10]) = [0, 0.5, 1]; c = Norm([4, 3, 0]) = [1, 0.75, 0]
    // w = σ((c − p)/0.25) = [σ(4), σ(1), σ(−4)] = [0.98201379, 0.73105858, 0.01798621]
    private static final double[] W = {0.9820137900379085, 0.7310585786300049, 0.01798620996209156};

    @Test
    void weightIsTheSigmoidOfTheImportanceGapOverTau() {
        List<SkillUnit> units = SkillUnits.of(Granularity.LORA_RANK, lora(0, 0));
        Map<String, UnitDecision> d = new AdaptiveConsolidation().decide(units, rankScores(0, 5, 10), rankScores(4, 3, 0));
        for (int i = 0; i < 3; i++) {
            UnitDecision u = d.get("layer.0.q#rank" + i);
            assertEquals(ConsolidationCategory.ADAPTIVE, u.category());
            assertEquals(W[i], u.weight(), 1e-12);
        }
        // τ = 0.5 halves the gap: σ(2) for rank 0
        assertEquals(0.8807970779778823, new AdaptiveConsolidation(0.5)
                .decide(units, rankScores(0, 5, 10), rankScores(4, 3, 0)).get("layer.0.q#rank0").weight(), 1e-12);
    }

    @Test
    void aRankUnitsWeightAppliesToRowIOfAAndColumnIOfB() {
        List<SkillUnit> units = SkillUnits.of(Granularity.LORA_RANK, lora(0, 0));
        Map<String, UnitDecision> d = new LinkedHashMap<>();
        double[] w = {1, 0, 0.25};
        for (int i = 0; i < 3; i++) {
            d.put("layer.0.q#rank" + i, new UnitDecision("layer.0.q#rank" + i, ConsolidationCategory.ADAPTIVE, w[i], 0, 0));
        }
        // θ̂_{k−1}: A = 0, B = 4;  θ_k: A = 1, B = 0
        // A rows:    w·1 + (1−w)·0 = [1, 0, 0.25]      B columns: w·0 + (1−w)·4 = [0, 4, 3]
        Map<String, NDArray> hat = new AdaptiveConsolidation().apply(units, d, lora(0, 4), lora(1, 0), manager);
        assertArrayEquals(new float[] {1, 1, 0, 0, 0.25f, 0.25f}, hat.get(A).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0, 4, 3, 0, 4, 3}, hat.get(B).toFloatArray(), 1e-6f);
    }

    @Test
    void decideThenApplyEndToEnd() {
        List<SkillUnit> units = SkillUnits.of(Granularity.LORA_RANK, lora(0, 0));
        AdaptiveConsolidation consolidation = new AdaptiveConsolidation();
        Map<String, UnitDecision> d = consolidation.decide(units, rankScores(0, 5, 10), rankScores(4, 3, 0));
        // θ̂_{k−1}: A = 0, B = 1;  θ_k: A = 1, B = 0 → row i of A = w_i, column i of B = 1 − w_i
        Map<String, NDArray> hat = consolidation.apply(units, d, lora(0, 1), lora(1, 0), manager);
        float[] a = hat.get(A).toFloatArray();
        float[] b = hat.get(B).toFloatArray();
        for (int i = 0; i < 3; i++) {
            assertEquals(W[i], a[2 * i], 1e-6);
            assertEquals(W[i], a[2 * i + 1], 1e-6);
            assertEquals(1 - W[i], b[i], 1e-6);
            assertEquals(1 - W[i], b[3 + i], 1e-6);
        }
    }

    @Test
    void strategiesAreFoundByName() {
        assertEquals("static", Consolidation.named("static").name());
        assertEquals("adaptive", Consolidation.named("Adaptive").name());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Consolidation.named("soft"));
    }
}
