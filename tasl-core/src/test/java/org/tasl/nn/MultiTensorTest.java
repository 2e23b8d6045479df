package org.tasl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tasl.cl.ImportanceMetric;
import org.tasl.cl.ImportanceMetrics;
import org.tasl.cl.ImportanceTracker;
import org.tasl.testing.Ulps;

/**
 * The multi-tensor step updates against the per-tensor code they replace, on LoRA-shaped float32
 * tensors: AdamW, clipping and the importance EMA bit for bit (the same float32 operations in the
 * same order; on a GPU the AdamW update within a few ulps, {@link Ulps#assertAdamW}), the gradient
 * statistics within float rounding (squared norms), and clearing gradients. Runs only through the project's native library (./tasl native build; on the GPU
 * with -Dtasl.test.device=gpu).
 */
class MultiTensorTest {
    private static final Shape[] SHAPES = {new Shape(8, 768), new Shape(768, 8), new Shape(5)};

    @BeforeEach
    void needsOurNatives() {
        assumeTrue(TaslNative.has(TaslNative.MULTI_TENSOR),
                "the loaded libdjl_torch has no multi-tensor ops (DJL's official natives); run with the project's native library");
    }

    private static Device device() {
        return Device.fromName(System.getProperty("tasl.test.device", "cpu"));
    }

    private static List<NDArray> random(NDManager m, float std) {
        List<NDArray> out = new ArrayList<>();
        for (Shape s : SHAPES) {
            out.add(m.randomNormal(0f, std, s, DataType.FLOAT32, device()));
        }
        return out;
    }

    private static List<NDArray> copies(List<NDArray> xs) {
        List<NDArray> out = new ArrayList<>();
        for (NDArray x : xs) {
            out.add(x.duplicate());
        }
        return out;
    }

    private static void assertSame(List<NDArray> expected, List<NDArray> actual, String what) {
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).toFloatArray(), actual.get(i).toFloatArray(), 0f, what + " tensor " + i);
        }
    }

    @Test
    void adamWIsTheOneCallPerTensorStepBitForBitOnTheCpu() {
        try (NDManager m = NDManager.newBaseManager(device())) {
            m.getEngine().setRandomSeed(3);
            for (float decay : new float[] {0f, 0.01f}) {
                List<NDArray> w1 = random(m, 1f);
                List<NDArray> w2 = copies(w1);
                List<NDArray> m1 = copies(w1).stream().map(NDArray::zerosLike).toList();
                List<NDArray> v1 = copies(m1);
                List<NDArray> m2 = copies(m1);
                List<NDArray> v2 = copies(m1);
                assertTrue(MultiTensor.available(w1, m1));
                for (int t = 1; t <= 3; t++) {
                    List<NDArray> g = random(m, 0.1f);
                    float bc1 = 1f - (float) Math.pow(0.9f, t);
                    float bc2 = 1f - (float) Math.pow(0.999f, t);
                    FusedAdamW.step(w1, g, m1, v1, 0.9f, 0.999f, bc1, bc2, 1e-8f, decay, 1e-2f);
                    MultiTensor.adamW(w2, g, m2, v2, 0.9f, 0.999f, bc1, bc2, 1e-8f, decay, 1e-2f);
                    for (int i = 0; i < w1.size(); i++) {
                        Ulps.assertAdamW(w1.get(i).toFloatArray(), w2.get(i).toFloatArray(), device().toString(), 1e-2f, t,
                                "decay " + decay + " step " + t + " weights " + i);
                        // the moments see no division: the same bits everywhere
                        Ulps.assertWithin(v1.get(i).toFloatArray(), v2.get(i).toFloatArray(), 0,
                                "decay " + decay + " step " + t + " second moments " + i);
                    }
                }
            }
        }
    }

    @Test
    void clippingScalesEveryTensorAsTheLoopDoes() {
        try (NDManager m = NDManager.newBaseManager(device())) {
            m.getEngine().setRandomSeed(4);
            List<NDArray> a = random(m, 1f);
            List<NDArray> b = copies(a);
            for (NDArray x : a) {
                Scalars.muli(x, 0.37f);
            }
            MultiTensor.scale(b, 0.37f);
            assertSame(a, b, "scaled");
        }
    }

    @Test
    void gradientStatisticsAreSquaredNormsAndLargestMagnitudes() {
        try (NDManager m = NDManager.newBaseManager(device())) {
            // hand-computed: (3, 4) → 25 and 4; (−12) → 144 and 12
            NDArray stats = MultiTensor.gradientStats(List.of(m.create(new float[] {3, 4}), m.create(new float[] {-12})), m);
            assertArrayEquals(new double[] {25, 4, 144, 12}, stats.toDoubleArray(), 1e-12);
            m.getEngine().setRandomSeed(5);
            List<NDArray> g = random(m, 0.3f);
            double[] multi = MultiTensor.gradientStats(g, m).toDoubleArray();
            double[] loop = GradientStats.of(g, m).toDoubleArray();
            for (int i = 0; i < multi.length; i += 2) {
                assertEquals(loop[i], multi[i], 1e-6 * loop[i], "squared norm of tensor " + i / 2);
                assertEquals(loop[i + 1], multi[i + 1], 0, "largest magnitude of tensor " + i / 2);
            }
            double[] nan = MultiTensor.gradientStats(List.of(m.create(new float[] {1, Float.NaN})), m).toDoubleArray();
            assertTrue(Double.isNaN(nan[0]), "a NaN makes the squared norm NaN");
            double[] inf = MultiTensor.gradientStats(List.of(m.create(new float[] {1, Float.NEGATIVE_INFINITY})), m).toDoubleArray();
            assertEquals(Double.POSITIVE_INFINITY, inf[1]);
            double[] huge = MultiTensor.gradientStats(List.of(m.create(new float[] {1e20f})), m).toDoubleArray();
            assertEquals(Double.POSITIVE_INFINITY, huge[0], "1e20² overflows float");
            assertEquals(1e20f, (float) huge[1]);
        }
    }

    @Test
    void theImportanceEmaIsThePerTensorLoopBitForBitForEveryBuiltInMetric() {
        for (ImportanceMetric metric : List.of(ImportanceMetrics.FIRST_ORDER, ImportanceMetrics.MIX, ImportanceMetrics.SECOND_ORDER)) {
            try (NDManager m = NDManager.newBaseManager(device())) {
                m.getEngine().setRandomSeed(6);
                Map<String, NDArray> w = new LinkedHashMap<>();
                for (NDArray x : random(m, 1f)) {
                    w.put("t" + w.size(), x);
                }
                // a metric that is not one of the built-in instances runs the per-tensor loop
                ImportanceMetric same = metric::score;
                try (ImportanceTracker multi = new ImportanceTracker(m, metric, 0.85, 0.8);
                        ImportanceTracker loop = new ImportanceTracker(m, same, 0.85, 0.8)) {
                    for (int step = 0; step < 4; step++) {
                        Map<String, NDArray> g = new LinkedHashMap<>();
                        for (String k : w.keySet()) {
                            g.put(k, m.randomNormal(0f, 0.1f, w.get(k).getShape(), DataType.FLOAT32, device()));
                        }
                        assertEquals(loop.updateFinite(w, g), multi.updateFinite(w, g));
                    }
                    assertEquals(3, multi.steps());
                    for (String k : w.keySet()) {
                        assertArrayEquals(loop.elementScore(k, m).toFloatArray(), multi.elementScore(k, m).toFloatArray(), 0f,
                                metric + " " + k);
                    }
                }
            }
        }
    }

    @Test
    void zeroingClearsEveryGradient() {
        try (NDManager m = NDManager.newBaseManager(device())) {
            NDArray a = m.create(new float[] {1, 2});
            NDArray b = m.create(new float[] {3});
            NDArray frozen = m.create(new float[] {5});
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            try (ai.djl.training.GradientCollector c = ThreadGradientCollector.open()) {
                c.backward(a.mul(a).sum().add(b.mul(3f).sum()));
            }
            assertFalse(a.getGradient().toFloatArray()[1] == 0f, "a gradient to clear");
            MultiTensor.zeroGradients(List.of(a, b, frozen));
            assertArrayEquals(new float[] {0, 0}, a.getGradient().toFloatArray(), 0f);
            assertArrayEquals(new float[] {0}, b.getGradient().toFloatArray(), 0f);
        }
    }
}
