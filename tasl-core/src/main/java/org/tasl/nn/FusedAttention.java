package org.tasl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;

/**
 * softmax(q·kᵀ·scale + mask)·v as one call to PyTorch's {@code scaled_dot_product_attention}
 * (flash / memory-efficient kernels on a GPU; no [B, H, T, T] score tensor kept for backward),
 * through {@link TaslNative}. It is on the autograd tape like any DJL op. When the loaded
 * library lacks it (DJL's official natives, a torch before 2.1) {@link #available()} is false
 * and the blocks use their eager attention, which computes the same function.
 */
public final class FusedAttention {
    private FusedAttention() {}

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
