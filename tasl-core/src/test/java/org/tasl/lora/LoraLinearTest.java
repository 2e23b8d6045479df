package org.tasl.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tasl.nn.Linear;
import org.tasl.nn.TensorSource;
import org.tasl.nn.WeightLoader;
import org.tasl.testing.FreedJavaMemory;

/**
 * The LoRA rule on a hand-computed example. W = [[1,2],[3,4]], b = [0.5,-0.5], x = [1,2]:
 * W·x + b = [5.5, 10.5]. One adapter with A = [[1,1]], B = [[2],[0]], r = 1, α = 2 (scaling 2):
 * A·x = 3, B·3 = [6,0], ×2 = [12,0], so y = [17.5, 10.5].
 */
class LoraLinearTest {
    private NDManager manager;
    private Linear linear;
    private LoraLinear lora;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        linear = new Linear(2, 2, true);
        WeightLoader.load(linear, "q", TensorSource.of(Map.of(
                "q.weight", manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2)),
                "q.bias", manager.create(new float[] {0.5f, -0.5f}))), manager).requireNoMissing("test");
        lora = new LoraLinear("q", linear, manager);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private float[] run(boolean training) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(new float[] {1, 2}, new Shape(1, 2));
            return linear.forward(x, training).toFloatArray();
        }
    }

    private void addHandAdapter(String name) {
        try (NDManager tmp = manager.newSubManager()) {
            LoraConfig config = LoraConfig.defaults().withR(1).withAlpha(2).withDropout(0);
            lora.addAdapter(name, config.scaling(), config.dropout(),
                    tmp.create(new float[] {1, 1}, new Shape(1, 2)),
                    tmp.create(new float[] {2, 0}, new Shape(2, 1)));
        }
    }

    @Test
    void forwardAddsScaledLowRankUpdate() {
        addHandAdapter("default");
        lora.setActiveAdapters(List.of("default"));
        assertArrayEquals(new float[] {17.5f, 10.5f}, run(false), 1e-6f);
    }

    @Test
    void scalingIsAlphaOverR() {
        assertEquals(2f, LoraConfig.defaults().scaling(), 0f);
        assertEquals(0.5f, LoraConfig.defaults().withR(32).scaling(), 0f);
    }

    @Test
    void inactiveAdapterChangesNothing() {
        addHandAdapter("default");
        lora.setActiveAdapters(List.of());
        assertArrayEquals(new float[] {5.5f, 10.5f}, run(false), 1e-6f);
    }

    @Test
    void freshAdapterHasBZeroAndKaimingBoundedA() {
        lora.addAdapter("fresh", LoraConfig.defaults().withR(4));
        lora.setActiveAdapters(List.of("fresh"));
        assertArrayEquals(new float[] {5.5f, 10.5f}, run(false), 1e-6f);
        float bound = (float) (1 / Math.sqrt(2));
        for (float a : lora.adapter("fresh").a().toFloatArray()) {
            assertTrue(Math.abs(a) <= bound, "A entry " + a + " exceeds 1/sqrt(in)");
        }
        assertEquals(new Shape(4, 2), lora.adapter("fresh").a().getShape());
        assertEquals(new Shape(2, 4), lora.adapter("fresh").b().getShape());
    }

    @Test
    void mergeEqualsUnmergedForwardAndUnmergeRestoresW() {
        addHandAdapter("default");
        lora.setActiveAdapters(List.of("default"));
        lora.merge();
        // W' = W + 2·B·A = [[5,6],[3,4]]; the adapter path is skipped while merged.
        assertArrayEquals(new float[] {5, 6, 3, 4}, linear.weightParameter().array().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {17.5f, 10.5f}, run(false), 1e-6f);
        lora.unmerge();
        assertArrayEquals(new float[] {1, 2, 3, 4}, linear.weightParameter().array().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {17.5f, 10.5f}, run(false), 1e-6f);
    }

    @Test
    void severalActiveAdaptersAddUp() {
        addHandAdapter("task0");
        addHandAdapter("task1");
        lora.setActiveAdapters(List.of("task0", "task1"));
        assertArrayEquals(new float[] {29.5f, 10.5f}, run(false), 1e-6f);
    }

    @Test
    void disabledModuleComputesBaseOnly() {
        addHandAdapter("default");
        lora.setActiveAdapters(List.of("default"));
        lora.merge();
        lora.setEnabled(false);
        assertArrayEquals(new float[] {5.5f, 10.5f}, run(false), 1e-6f);
    }

    @Test
    void wrongShapeIsNamed() {
        try (NDManager tmp = manager.newSubManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                    lora.addAdapter("bad", 1f, 0f, tmp.zeros(new Shape(1, 3)), tmp.zeros(new Shape(2, 1))));
            assertTrue(e.getMessage().contains("q.lora_A.bad.weight"), e.getMessage());
            assertTrue(e.getMessage().contains("(1, 2)") && e.getMessage().contains("(1, 3)"), e.getMessage());
        }
    }

    @Test
    void addedAdapterIsACopyOfTheGivenTensors() {
        // The hand adapter's A = [[1,1]], B = [[2],[0]] came from a scope that is closed by now;
        // writing into the tensors it was given leaves the adapter as it was.
        NDArray a = manager.create(new float[] {1, 1}, new Shape(1, 2));
        NDArray b = manager.create(new float[] {2, 0}, new Shape(2, 1));
        lora.addAdapter("default", 2f, 0f, a, b);
        a.addi(100f);
        b.addi(100f);
        assertArrayEquals(new float[] {1, 1}, lora.adapter("default").a().toFloatArray(), 0f);
        assertArrayEquals(new float[] {2, 0}, lora.adapter("default").b().toFloatArray(), 0f);
    }

    @Test
    void adapterOutlivesTheScopeOfTheTensorsItWasGiven() {
        addHandAdapter("default");
        FreedJavaMemory.release();
        lora.setActiveAdapters(List.of("default"));
        assertArrayEquals(new float[] {1, 1}, lora.adapter("default").a().toFloatArray(), 0f);
        assertArrayEquals(new float[] {2, 0}, lora.adapter("default").b().toFloatArray(), 0f);
        assertArrayEquals(new float[] {17.5f, 10.5f}, run(false), 1e-6f);
    }

    @Test
    void gradientsOfAAndBSurviveAGarbageCollectionBeforeBackward() {
        // L = Σ y with y = W·x + b + 2·B·A·x: dL/dA = 2·(Bᵀ·1)·xᵀ = 2·2·[1, 2] = [4, 8];
        // dL/dB = 2·(A·x) per output = [6, 6].
        addHandAdapter("default");
        lora.setActiveAdapters(List.of("default"));
        LoraAdapterWeights w = lora.adapter("default");
        w.setTrainable(true);
        try (NDManager scope = manager.newSubManager()) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = linear.forward(scope.create(new float[] {1, 2}, new Shape(1, 2)), true).sum();
                FreedJavaMemory.release();
                gc.backward(loss);
            }
            assertArrayEquals(new float[] {4, 8}, org.tasl.nn.Gradients.of(w.a(), scope).toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {6, 6}, org.tasl.nn.Gradients.of(w.b(), scope).toFloatArray(), 1e-6f);
        }
    }
}
