package org.tasl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading, checking, clipping and clearing the gradients of the trainable tensors. */
public final class Gradients {
    private Gradients() {}

    /**
     * The current gradient of every parameter, as arrays owned by {@code scope} (DJL hands out a
     * fresh handle per call; attaching it to the step scope frees the handle with the step).
     */
    public static Map<String, NDArray> collect(Map<String, NDArray> params, NDManager scope) {
        Map<String, NDArray> grads = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray g = e.getValue().getGradient();
            g.attach(scope);
            grads.put(e.getKey(), g);
        }
        return grads;
    }

    /** True when every gradient is finite (TASL_SPEC §3.2: otherwise the whole step is skipped). */
    public static boolean allFinite(Map<String, NDArray> grads) {
        for (NDArray g : grads.values()) {
            NDArray bad = g.isNaN().logicalOr(g.isInfinite()).any();
            boolean any = bad.getBoolean();
            bad.close();
            if (any) {
                return false;
            }
        }
        return true;
    }

    /** Scales all gradients in place so that their global L2 norm is at most {@code maxNorm}; returns the norm before. */
    public static float clipGlobalNorm(Map<String, NDArray> grads, float maxNorm) {
        double sq = 0;
        for (NDArray g : grads.values()) {
            try (NDArray s = g.square().sum()) {
                sq += s.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
            }
        }
        float norm = (float) Math.sqrt(sq);
        if (maxNorm > 0 && norm > maxNorm) {
            float scale = maxNorm / (norm + 1e-6f);
            for (NDArray g : grads.values()) {
                g.muli(scale);
            }
        }
        return norm;
    }

    /**
     * Clears accumulated gradients. Gradients accumulate across backward passes (that is how
     * accumulation works) until this is called after the optimizer step.
     */
    public static void zero(Map<String, NDArray> params) {
        for (NDArray p : params.values()) {
            if (!p.hasGradient()) {
                continue;
            }
            if (p instanceof PtNDArray pt) {
                // Sets the tensor's .grad to zeros, which also clears NaN from a skipped step.
                JniUtils.zeroGrad(pt);
            } else {
                try (NDArray g = p.getGradient()) {
                    g.muli(0f);
                }
            }
        }
    }
}
