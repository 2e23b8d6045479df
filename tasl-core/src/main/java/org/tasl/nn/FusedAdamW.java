package org.tasl.nn;

import static org.tasl.nn.TaslNative.handles;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * One AdamW update of many tensors in one native call ({@code adamWStep} in
 * native/djl_torch/tasl_ext.cpp): the same ATen ops in the same order as the per-tensor Java
 * loop of {@code org.tasl.train.AdamW}, so the results are bit-identical, without its ~15 JNI
 * crossings, Java handles and scalar tensors per tensor (48 tensors for LoRA r=8 on BERT-base's
 * q and v: ~700 dispatches a step, more than the whole forward pass). Absent from DJL's official
 * natives and older builds of ours: {@link #available()} is then false and AdamW loops in Java.
 */
public final class FusedAdamW {
    private FusedAdamW() {}

    /** Whether the loaded library has the fused step; {@code -Dtasl.adamw=eager} forces the Java loop. */
    public static boolean available() {
        return !"eager".equals(System.getProperty("tasl.adamw")) && TaslNative.has(TaslNative.ADAMW_STEP);
    }

    /**
     * Updates {@code params}, {@code expAvg} and {@code expAvgSq} in place (lists of equal length,
     * the i-th entries belong together). The scalars are computed by the caller in float, as its
     * Java loop uses them.
     */
    public static void step(List<NDArray> params, List<NDArray> grads, List<NDArray> expAvg, List<NDArray> expAvgSq,
            float beta1, float beta2, float bc1, float bc2, float eps, float weightDecay, float lr) {
        TaslNative.adamWStep(handles(params), handles(grads), handles(expAvg), handles(expAvgSq), beta1, 1f - beta1,
                beta2, 1f - beta2, bc1, bc2, eps, weightDecay != 0f, 1f - lr * weightDecay, lr);
    }
}
