package org.tasl.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tasl.nn.Gradients;
import org.tasl.nn.GradientStats;
import org.tasl.nn.TaslNative;
import org.tasl.testing.ManagedArrays;

/** One read per step: the global norm, finiteness and mean loss, by hand-computed examples. */
class StepReadoutTest {

    private static Map<String, NDArray> grads(NDManager m, float[] a, float[] b) {
        Map<String, NDArray> g = new LinkedHashMap<>();
        g.put("a", m.create(a));
        g.put("b", m.create(b));
        return g;
    }

    @Test
    void normFinitenessAndMeanLossComeFromOneTransfer() {
        try (NDManager m = NDManager.newBaseManager()) {
            // |(3, 4, 12)| = 13; losses 1.5 and 2.5 average 2
            Map<String, NDArray> g = grads(m, new float[] {3, 4}, new float[] {12});
            List<NDArray> losses = List.of(m.create(1.5f), m.create(2.5f));
            int arrays = ManagedArrays.count(m);
            long before = HostTransfers.count();
            StepReadout r = StepReadout.read(g, losses, m);
            assertEquals(1, HostTransfers.count() - before, "device reads");
            assertEquals(13f, r.gradNorm(), 1e-6f);
            assertTrue(r.finite());
            assertEquals(2.0, r.meanLoss(), 0);
            assertEquals(arrays, ManagedArrays.count(m), "no temporary stays");
        }
    }

    @Test
    void aNaNOrInfiniteElementMakesTheStepNonFiniteAHugeFiniteOneDoesNot() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertFalse(StepReadout.read(grads(m, new float[] {1, Float.NaN}, new float[] {0}), List.of(), m).finite());
            assertFalse(StepReadout.read(grads(m, new float[] {1}, new float[] {Float.NEGATIVE_INFINITY}), List.of(), m).finite());
            // 1e20² overflows float32, so the norm is infinite, but every element is finite
            StepReadout huge = StepReadout.read(grads(m, new float[] {1e20f}, new float[] {1}), List.of(), m);
            assertTrue(huge.finite());
            assertEquals(Float.POSITIVE_INFINITY, huge.gradNorm());
            assertTrue(Double.isNaN(huge.meanLoss()), "no micro-batch, no loss");
        }
    }

    @Test
    void theNativeStatisticsReadWhatTheJavaLoopReads() {
        assumeTrue(TaslNative.has(TaslNative.GRADIENT_STATS),
                "the loaded libdjl_torch has no gradient statistics (DJL's official natives); run with the project's native library");
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(5);
            Map<String, NDArray> g = new LinkedHashMap<>();
            g.put("a", m.randomNormal(0f, 0.3f, new Shape(8, 768), DataType.FLOAT32));
            g.put("empty", m.create(new float[0]));
            g.put("b", m.randomNormal(0f, 2f, new Shape(768, 8), DataType.FLOAT32));
            List<NDArray> losses = List.of(m.create(0.75f), m.create(1.25f));
            assertTrue(GradientStats.available(List.of(g.get("a"), g.get("b"))), "the native path is taken");
            int arrays = ManagedArrays.count(m);
            StepReadout loop = StepReadout.read(g, losses, m, false);
            StepReadout fused = StepReadout.read(g, losses, m, true);
            // the multi-tensor path squares L2 norms where the loop sums squares: the last bits differ
            assertEquals(loop.gradNorm(), fused.gradNorm(), 1e-6f * loop.gradNorm());
            assertEquals(loop.finite(), fused.finite());
            assertEquals(loop.meanLoss(), fused.meanLoss(), 0);
            assertEquals(arrays, ManagedArrays.count(m), "no temporary stays");
            g.put("c", m.create(new float[] {1, Float.NaN}));
            assertFalse(StepReadout.read(g, losses, m, false).finite());
            assertFalse(StepReadout.read(g, losses, m, true).finite());
            g.put("c", m.create(new float[] {1e20f, 2}));
            assertTrue(StepReadout.read(g, losses, m, true).finite(), "a huge finite element is finite");
            g.put("c", m.create(new float[] {1, Float.POSITIVE_INFINITY}));
            assertFalse(StepReadout.read(g, losses, m, true).finite());
        }
    }

    @Test
    void theOneCallStatisticsAreTheJavaLoopsPiecesBitForBit() {
        assumeTrue(TaslNative.has(TaslNative.GRADIENT_STATS),
                "the loaded libdjl_torch has no gradient statistics (DJL's official natives); run with the project's native library");
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(6);
            List<NDArray> g = List.of(m.randomNormal(0f, 0.3f, new Shape(8, 768), DataType.FLOAT32),
                    m.randomNormal(0f, 2f, new Shape(768, 8), DataType.FLOAT32));
            double[] expected = new double[4];
            for (int i = 0; i < 2; i++) {
                expected[2 * i] = g.get(i).square().sum().toType(DataType.FLOAT64, false).getDouble();
                expected[2 * i + 1] = g.get(i).abs().max().toType(DataType.FLOAT64, false).getDouble();
            }
            assertArrayEquals(expected, GradientStats.of(g, m).toDoubleArray(), 0);
        }
    }

    @Test
    void clippingScalesToTheMaximumNormAndLeavesSmallerNormsAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> g = grads(m, new float[] {3, 4}, new float[] {12});
            Gradients.clipToNorm(g, 13f, 1f);
            float s = 1f / (13f + 1e-6f);
            assertArrayEquals(new float[] {3 * s, 4 * s}, g.get("a").toFloatArray(), 1e-7f);
            assertArrayEquals(new float[] {12 * s}, g.get("b").toFloatArray(), 1e-7f);
            Gradients.clipToNorm(g, 0.5f, 1f);
            assertArrayEquals(new float[] {12 * s}, g.get("b").toFloatArray(), 0f);
        }
    }
}
