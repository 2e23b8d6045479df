package org.tasl.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TASL_SPEC §6: λ · mean over LoRA tensors of ‖G(P) − I_r‖_F. */
class OrthogonalityRegularizerTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void valueAndGradientOfAHandComputedExample() {
        // A [2, 3]: A·Aᵀ = [[1,0],[0,4]], minus I = [[0,0],[0,3]] → ‖·‖_F = 3
        // B [3, 2]: Bᵀ·B = [[1,1],[1,1]], minus I = [[0,1],[1,0]] → ‖·‖_F = √2
        // λ·mean = 0.1·(3 + √2)/2
        NDArray a = manager.create(new float[][] {{1, 0, 0}, {0, 2, 0}});
        NDArray b = manager.create(new float[][] {{1, 1}, {0, 0}, {0, 0}});
        a.setRequiresGradient(true);
        b.setRequiresGradient(true);
        Map<String, NDArray> params = new LinkedHashMap<>();
        params.put("layer.0.q.lora_A.default.weight", a);
        params.put("layer.0.q.lora_B.default.weight", b);
        params.put("classifier.weight", manager.create(new float[] {100})); // not LoRA: ignored
        try (NDManager step = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = new OrthogonalityRegularizer().penalty(step, params);
            assertEquals(0.1 * (3 + Math.sqrt(2)) / 2, loss.getFloat(), 1e-6);
            gc.backward(loss);
        }
        // d‖AAᵀ − I‖/dA = 2·D·A/‖D‖ = (2/3)·[[0,0,0],[0,6,0]]; times λ/2 = 0.05 → 0.2 at [1][1]
        assertArrayEquals(new float[] {0, 0, 0, 0, 0.2f, 0}, a.getGradient().toFloatArray(), 1e-6f);
        // d‖BᵀB − I‖/dB = 2·B·D/‖D‖ = √2·[[1,1],[0,0],[0,0]]; times 0.05
        float g = (float) (0.05 * Math.sqrt(2));
        assertArrayEquals(new float[] {g, g, 0, 0, 0, 0}, b.getGradient().toFloatArray(), 1e-6f);
    }

    @Test
    void lambdaScalesAndNoLoraGivesZero() {
        Map<String, NDArray> params = new LinkedHashMap<>();
        params.put("q.lora_A.weight", manager.create(new float[][] {{0, 0}}));  // A·Aᵀ − I = [[−1]] → 1
        assertEquals(2.0, new OrthogonalityRegularizer(2).penalty(manager, params).getFloat(), 1e-6);
        assertEquals(0.0, new OrthogonalityRegularizer().penalty(manager,
                Map.of("classifier.weight", manager.create(new float[] {1}))).getFloat(), 0);
    }
}
