package org.tasl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reading, clipping and clearing the gradients of trainable tensors without leaking: DJL hands
 * out a new wrapper per {@code getGradient()} call, so every gradient read here is attached to a
 * scope the caller closes with the step. (The gradients' norm and finiteness are read with the
 * rest of a training step by {@code train.StepReadout}.)
 */
public final class Gradients {
    private Gradients() {}

    /** The gradient of {@code parameter}, owned by {@code scope} (closed with the step). */
    public static NDArray of(NDArray parameter, NDManager scope) {
        NDArray g = parameter.getGradient();
        g.attach(scope);
        return g;
    }

    /**
     * The current gradient of every parameter, as arrays owned by {@code scope} (DJL hands out a
     * fresh handle per call; attaching it to the step scope frees the handle with the step).
     */
    public static Map<String, NDArray> collect(Map<String, NDArray> params, NDManager scope) {
        Map<String, NDArray> grads = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            grads.put(e.getKey(), of(e.getValue(), scope));
        }
        return grads;
    }

    /**
     * Scales all gradients in place so that their global L2 norm, {@code norm} (read with the
     * step), is at most {@code maxNorm}; nothing happens when it already is or when
     * {@code maxNorm} is not positive.
     */
    public static void clipToNorm(Map<String, NDArray> grads, float norm, float maxNorm) {
        if (maxNorm > 0 && norm > maxNorm) {
            float scale = maxNorm / (norm + 1e-6f);
            if (MultiTensor.available(grads.values())) {
                MultiTensor.scale(grads.values(), scale);
                return;
            }
            for (NDArray g : grads.values()) {
                Scalars.muli(g, scale);
            }
        }
    }

    /**
     * Clears accumulated gradients. Gradients accumulate across backward passes (that is how
     * accumulation works) until this is called after the optimizer step.
     */
    public static void zero(Map<String, NDArray> params) {
        if (MultiTensor.canZero(params.values())) {
            MultiTensor.zeroGradients(params.values());
            return;
        }
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

    /** Sets one parameter's accumulated gradient to zero in place (DJL's collectors accumulate across scopes). */
    public static void zero(NDArray parameter, NDManager scope) {
        if (parameter.hasGradient()) {
            NDArray g = of(parameter, scope);
            g.set(new NDIndex("..."), 0f);
        }
    }
}
