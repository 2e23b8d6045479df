package org.tasl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * softmax(q·kᵀ·scale + mask)·v as one call to PyTorch's {@code scaled_dot_product_attention}
 * (flash / memory-efficient kernels on a GPU; no [B, H, T, T] score tensor kept for backward),
 * through {@link TaslNative}. It is on the autograd tape like any DJL op. When the loaded
 * library lacks it (DJL's official natives, a torch before 2.1) {@link #available()} is false
 * and the blocks use their eager attention, which computes the same function.
 */
public final class FusedAttention {
    /** Names of scaled_dot_product_attention's kernels in the order of their bits in {@link TaslNative#sdpaBackends}. */
    private static final List<String> BACKENDS = List.of("flash", "efficient", "math", "cudnn");
    private static volatile boolean backendsChosen;

    private FusedAttention() {}

    /**
     * The kernels scaled_dot_product_attention may choose from unless {@code -Dtasl.sdpa} says
     * otherwise: all but cuDNN's. cuDNN's kernel (PyTorch 2.11's first choice on an H200 for BERT's
     * masked bf16 attention) builds a plan for every new input shape, 100–1,800 ms a shape
     * (docs/results/gpu-h200-20261203d/call2/sdpa_probe.txt), and a run meets dozens of shapes:
     * length-bucketed evaluation, the first batches of every training shape. The memory-efficient
     * kernel is as fast per call there (0.6–0.7 ms) and starts at once; a Standard CL run of
     * BERT-base took 24.7 s with cuDNN's kernel and 13.6 s without (same machine, same run).
     */
    public static final String DEFAULT_BACKENDS = "flash,efficient,math";

    /**
     * Applies {@code -Dtasl.sdpa=NAME[,NAME…]} (flash, efficient, math, cudnn; default
     * {@value #DEFAULT_BACKENDS}; {@code torch} keeps PyTorch's own setting) once: the kernels
     * PyTorch may choose from, process-wide, as torch.backends.cuda.enable_*_sdp set them.
     *
     * @return the enabled kernels' names (all four when this build cannot choose or report them)
     */
    public static List<String> chooseBackends() {
        String property = System.getProperty("tasl.sdpa");
        String wanted = property == null ? DEFAULT_BACKENDS : property.trim();
        if (!TaslNative.has(TaslNative.SDPA_BACKENDS)) {
            if (property != null && !wanted.equals("torch")) {
                throw new IllegalStateException("-Dtasl.sdpa=" + wanted + " needs the project's native library built"
                        + " against PyTorch >= 2.4 (./tasl native build)");
            }
            return BACKENDS;
        }
        int mask = -1;
        if (!wanted.equals("torch")) {
            mask = 0;
            for (String name : wanted.split(",")) {
                int bit = BACKENDS.indexOf(name.trim().toLowerCase(Locale.ROOT));
                if (bit < 0) {
                    throw new IllegalArgumentException("-Dtasl.sdpa: unknown attention kernel '" + name.trim()
                            + "', expected 'torch' or a comma list of " + String.join(", ", BACKENDS));
                }
                mask |= 1 << bit;
            }
        }
        int enabled;
        synchronized (FusedAttention.class) {
            enabled = TaslNative.sdpaBackends(backendsChosen ? -1 : mask);
            backendsChosen = true;
        }
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < BACKENDS.size(); bit++) {
            if ((enabled & (1 << bit)) != 0) {
                out.add(BACKENDS.get(bit));
            }
        }
        return out;
    }

    /** Whether the fused path can run here; {@code -Dtasl.attention=eager} forces the eager path. */
    public static boolean available() {
        return !"eager".equals(System.getProperty("tasl.attention")) && TaslNative.has(TaslNative.FUSED_ATTENTION);
    }

    /**
     * @param q [B, H, Tq, d]
     * @param k [B, H, Tk, d]
     * @param v [B, H, Tk, d]
     * @param mask broadcastable to [B, H, Tq, Tk], added to the scores; null for none
     * @param dropout attention-probability dropout (0 outside training)
     * @param causal whether query i attends only to keys ≤ i
     * @param scale the score scale (1/√d for BERT and LLaMA, 1 for T5)
     * @return [B, H, Tq, d], owned by q's manager
     */
    public static NDArray attention(NDArray q, NDArray k, NDArray v, NDArray mask, float dropout, boolean causal,
            double scale) {
        if (!backendsChosen) {
            chooseBackends();
        }
        PtNDArray pq = (PtNDArray) q;
        NDArray m = mask;
        if (m != null && m.getDataType() != q.getDataType() && m.getDataType().isFloating()) {
            m = m.toType(q.getDataType(), false); // SDPA wants a float mask in the query's dtype
        }
        long maskHandle = m == null ? 0L : ((PtNDArray) m).getHandle();
        long out = TaslNative.scaledDotProductAttention(pq.getHandle(), ((PtNDArray) k).getHandle(),
                ((PtNDArray) v).getHandle(), maskHandle, dropout, causal, scale);
        return new PtNDArray((PtNDManager) pq.getManager(), out);
    }
}
