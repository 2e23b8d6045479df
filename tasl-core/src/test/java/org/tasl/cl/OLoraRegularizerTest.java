package org.tasl.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TASL_SPEC §7, O-LoRA: λ1·Σ_{j<k} Σ|A_j·A_kᵀ| + λ2·‖(A_k, B_k)‖₂. */
class OLoraRegularizerTest {

    private NDManager manager;
    private Map<String, NDArray> tensors;
    private NDArray currentA;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        tensors = new LinkedHashMap<>();
        // task 0's frozen adapter (rank 2) and task 1's (rank 1) on module layer.0.q
        tensors.put("layer.0.q.lora_A.t0.weight", manager.create(new float[][] {{1, 0}, {0, 1}}));
        tensors.put("layer.0.q.lora_B.t0.weight", manager.create(new float[][] {{9, 9}, {9, 9}}));
        currentA = manager.create(new float[][] {{1, 2}});
        currentA.setRequiresGradient(true);
        tensors.put("layer.0.q.lora_A.t1.weight", currentA);
        tensors.put("layer.0.q.lora_B.t1.weight", manager.create(new float[][] {{3}, {4}}));
        // a module that has only the current adapter contributes no orthogonality term
        tensors.put("layer.1.q.lora_A.t1.weight", manager.create(new float[][] {{0, 0}}));
        tensors.put("layer.1.q.lora_B.t1.weight", manager.create(new float[][] {{0}, {0}}));
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void orthogonalityTermWithDefaults() {
        // A_0·A_1ᵀ = [[1],[2]] → Σ|·| = 3; λ1 = 0.5 → 1.5; λ2 = 0
        try (NDManager step = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = new OLoraRegularizer().penalty(step, tensors, "t1");
            assertEquals(1.5, loss.getFloat(), 1e-6);
            gc.backward(loss);
        }
        // d/dA_1 of 0.5·Σ_j (A_0·A_1ᵀ)_j (all positive) = 0.5·(sum of A_0's rows) = [0.5, 0.5]
        assertArrayEquals(new float[] {0.5f, 0.5f}, currentA.getGradient().toFloatArray(), 1e-6f);
    }

    @Test
    void l2TermSumsTheCurrentAdaptersNorms() {
        // 0.5·3 + 1·(‖[1,2]‖ + ‖[3,4]‖ + 0 + 0) = 1.5 + √5 + 5
        assertEquals(1.5 + Math.sqrt(5) + 5, new OLoraRegularizer(0.5, 1).penalty(manager, tensors, "t1").getFloat(), 1e-5);
    }

    @Test
    void anUnknownAdapterIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> new OLoraRegularizer().penalty(manager, tensors, "t7"));
    }
}
