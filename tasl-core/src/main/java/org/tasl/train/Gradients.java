package org.tasl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reading, clipping and clearing the gradients of the trainable tensors (their norm and
 * finiteness are read with the rest of the step by {@link StepReadout}).
 */
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

    /**
     * Scales all gradients in place so that their global L2 norm, {@code norm} (read with the
     * step, {@link StepReadout}), is at most {@code maxNorm}; nothing happens when it already is
     * or when {@code maxNorm} is not positive.
     */
    public static void clipToNorm(Map<String, NDArray> grads, float norm, float maxNorm) {
        if (maxNorm > 0 && norm > maxNorm) {
            float scale = maxNorm / (norm + 1e-6f);
            for (NDArray g : grads.values()) {
                g.muli(scale);
            }
        }
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
