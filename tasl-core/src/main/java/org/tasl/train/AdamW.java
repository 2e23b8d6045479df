package org.tasl.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tasl.nn.FusedAdamW;
import org.tasl.nn.MultiTensor;

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
     * arrays derived from them cannot outlive the step. Nothing but the moments stays. With our
     * native library the whole update is one call, bit-identical: {@link MultiTensor} for float32
     * tensors (one kernel per op for all of them), {@link FusedAdamW} for other types.
     */
    public void step(Map<String, NDArray> params, Map<String, NDArray> grads, float lr) {
        step(params, grads, lr, FusedAdamW.available());
    }

    /**
     * {@link #step(Map, Map, float)} through the one-call native update ({@link FusedAdamW}, the
     * same ops in the same order, bit-identical) or, with {@code fused} false or a tensor that is
     * not PyTorch's, the Java loop below.
     */
    void step(Map<String, NDArray> params, Map<String, NDArray> grads, float lr, boolean fused) {
        t++;
        float bc1 = 1f - (float) Math.pow(beta1, t);
        float bc2 = 1f - (float) Math.pow(beta2, t);
        List<NDArray> ws = new ArrayList<>(params.size());
        List<NDArray> gs = new ArrayList<>(params.size());
        List<NDArray> ms = new ArrayList<>(params.size());
        List<NDArray> vs = new ArrayList<>(params.size());
        boolean pytorch = true;
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray g = grads.get(e.getKey());
            if (g == null) {
                continue;
            }
            NDArray w = e.getValue();
            ws.add(w);
            gs.add(g);
            ms.add(m.computeIfAbsent(e.getKey(), k -> state.zeros(w.getShape(), w.getDataType(), w.getDevice())));
            vs.add(v.computeIfAbsent(e.getKey(), k -> state.zeros(w.getShape(), w.getDataType(), w.getDevice())));
            pytorch &= w instanceof PtNDArray && g instanceof PtNDArray;
        }
        if (fused && pytorch && MultiTensor.available(ws, gs, ms, vs)) {
            // float32 lists: the same update with one kernel per op for all tensors
            MultiTensor.adamW(ws, gs, ms, vs, beta1, beta2, bc1, bc2, eps, weightDecay, lr);
            return;
        }
        if (fused && pytorch) {
            FusedAdamW.step(ws, gs, ms, vs, beta1, beta2, bc1, bc2, eps, weightDecay, lr);
            return;
        }
        for (int i = 0; i < ws.size(); i++) {
            NDArray w = ws.get(i);
            NDArray g = gs.get(i);
            NDArray mi = ms.get(i);
            NDArray vi = vs.get(i);
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
