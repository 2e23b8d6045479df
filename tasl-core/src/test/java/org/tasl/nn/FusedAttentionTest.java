package org.tasl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The fused attention call computes what the blocks' eager attention computes,
 * softmax(q·kᵀ·scale + mask)·v, and autograd flows through it to q, k and v: outputs and
 * gradients agree within 1e-5 of the largest magnitude (fp32; the kernels sum in another order).
 * Runs where the fused path exists: the project's native library on PyTorch ≥ 2.1 (the GPU
 * bundle; -Dtasl.test.device=gpu there). DJL's official CPU natives and Debian's torch 1.13 skip.
 */
class FusedAttentionTest {

    private static NDArray eager(NDArray q, NDArray k, NDArray v, NDArray mask, double scale) {
        NDArray s = q.matMul(k.transpose(0, 1, 3, 2)).mul((float) scale);
        if (mask != null) {
            s = s.add(mask);
        }
        return s.softmax(-1).matMul(v);
    }

    @Test
    void fusedAttentionMatchesEagerAttentionAndItsGradients() {
        Assumptions.assumeTrue(FusedAttention.available(), "fused attention needs the project's native library on"
                + " PyTorch >= 2.1 (this JVM has " + (TaslNative.loaded() ? "ours without it" : "DJL's official natives")
                + "); run on the GPU bundle: native/bench/device_run.sh");
        Device device = Device.fromName(System.getProperty("tasl.test.device", "cpu"));
        try (NDManager m = NDManager.newBaseManager(device)) {
            Engine.getInstance().setRandomSeed(7);
            Shape shape = new Shape(2, 3, 5, 4);
            // T5's scale is 1, BERT's 1/√d; a padding mask on the last key of batch row 1
            for (double scale : new double[] {1.0, 0.5}) {
                NDArray mask = m.zeros(new Shape(2, 1, 1, 5));
                mask.set(new ai.djl.ndarray.index.NDIndex("1, 0, 0, 4"), -1e9f);
                NDArray[] fused = run(m, shape, mask, scale, true);
                NDArray[] ref = run(m, shape, mask, scale, false);
                for (int i = 0; i < fused.length; i++) {
                    float tol = 1e-5f * Math.max(1f, ref[i].abs().max().getFloat());
                    float diff = fused[i].sub(ref[i]).abs().max().getFloat();
                    assertTrue(diff <= tol, (i == 0 ? "output" : "gradient " + "qkv".charAt(i - 1)) + " differs by "
                            + diff + " at scale " + scale);
                }
            }
        }
    }

    /** Output and the gradients of sum(out · w) with respect to q, k, v. */
    private static NDArray[] run(NDManager m, Shape shape, NDArray mask, double scale, boolean fused) {
        Engine.getInstance().setRandomSeed(11);
        NDArray q = m.randomNormal(shape);
        NDArray k = m.randomNormal(shape);
        NDArray v = m.randomNormal(shape);
        NDArray w = m.randomNormal(shape);
        for (NDArray a : new NDArray[] {q, k, v}) {
            a.setRequiresGradient(true);
        }
        NDArray out;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            out = fused ? FusedAttention.attention(q, k, v, mask, 0f, false, scale) : eager(q, k, v, mask, scale);
            gc.backward(out.mul(w).sum());
        }
        return new NDArray[] {out.toType(DataType.FLOAT32, true), q.getGradient(), k.getGradient(), v.getGradient()};
    }

    @Test
    void cuDnnsKernelIsLeftOutUnlessAsked() {
        Assumptions.assumeTrue(TaslNative.has(TaslNative.SDPA_BACKENDS) && System.getProperty("tasl.sdpa") == null,
                "choosing attention kernels needs the project's native library built against PyTorch >= 2.4");
        List<String> kernels = FusedAttention.chooseBackends();
        assertEquals(List.of("flash", "efficient", "math"), kernels);
        assertEquals(kernels, FusedAttention.chooseBackends(), "chosen once, then reported");
    }
}
