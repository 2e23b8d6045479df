package org.tasl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.HashMap;
import java.util.Map;

/**
 * AdamW as in PyTorch (decoupled weight decay, bias-corrected moments). One instance per task:
 * TASL_SPEC §1 restarts the optimizer state for every task. The moments live in their own
 * manager, closed with the optimizer, so a long run never accumulates optimizer state.
 */
public final class AdamW implements AutoCloseable {
    private final NDManager state;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final Map<String, NDArray> m = new HashMap<>();
    private final Map<String, NDArray> v = new HashMap<>();
    private int t;

    public AdamW(NDManager parent, float beta1, float beta2, float eps, float weightDecay) {
        this.state = parent.newSubManager();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    public static AdamW withDefaults(NDManager parent, float weightDecay) {
        return new AdamW(parent, 0.9f, 0.999f, 1e-8f, weightDecay);
    }

    /**
     * Updates every parameter in place with its gradient at learning rate {@code lr}, exactly as
     * PyTorch's {@code torch.optim.AdamW} does one step:
     *
     * <pre>
     *   w ← w·(1 − lr·λ)
     *   m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²
     *   w ← w − lr · (m / (1 − β1^t)) / (√(v / (1 − β2^t)) + ε)
     * </pre>
     *
     * Every temporary of the update (g·(1−β1), g², the bias-corrected moments, the update itself)
     * lives in a scope of its own that is closed before the next tensor: the moments and the
     * gradient are attached to it only for the update and go back to their owners after, so the
     * arrays derived from them cannot outlive the step. Nothing but the moments stays.
     */
    public void step(Map<String, NDArray> params, Map<String, NDArray> grads, float lr) {
        t++;
        float bc1 = 1f - (float) Math.pow(beta1, t);
        float bc2 = 1f - (float) Math.pow(beta2, t);
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray g = grads.get(e.getKey());
            if (g == null) {
                continue;
            }
            NDArray w = e.getValue();
            NDArray mi = m.computeIfAbsent(e.getKey(), k -> state.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            NDArray vi = v.computeIfAbsent(e.getKey(), k -> state.zeros(w.getShape(), w.getDataType(), w.getDevice()));
            try (NDManager scope = state.newSubManager()) {
                // Arrays derived from an array belong to its manager: attached here, the moments'
                // and the gradient's derivatives are this scope's and are freed when it closes.
                scope.tempAttachAll(mi, vi, g);
                mi.muli(beta1).addi(g.mul(1f - beta1));
                vi.muli(beta2).addi(g.square().muli(1f - beta2));
                NDArray denom = vi.div(bc2).sqrt().addi(eps);
                NDArray update = mi.div(bc1).divi(denom);
                if (weightDecay != 0f) {
                    w.muli(1f - lr * weightDecay);
                }
                w.subi(update.muli(lr));
            }
        }
    }

    public int steps() {
        return t;
    }

    @Override
    public void close() {
        state.close();
    }
}
