package org.tasl.nn;

import static org.tasl.nn.TaslNative.handles;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import java.util.Collection;
import java.util.List;

/**
 * The per-step bookkeeping of training over many small float32 tensors — AdamW, gradient norms,
 * clipping, the importance EMA, clearing gradients — as one native call each, on PyTorch's
 * multi-tensor ({@code _foreach_*}) ops (native/djl_torch/tasl_ext.cpp, feature bit 5). A LoRA step
 * of BERT-base otherwise launches ~1,500 kernels one tensor at a time, each costing more host time
 * than its GPU work; on the H200 that bookkeeping took longer than the captured forward and
 * backward pass. Each element sees the same float32 operations in the same order as the
 * per-tensor loops (which stay as the reference and the path for other types and engines). On the
 * CPU the results agree bit for bit; on the H200 clipping and the importance EMA do too, and the
 * AdamW update differs by one ulp in some elements (torch's multi_tensor_apply kernels round it
 * differently; measured, {@code docs/results/gpu-h200-20261203d}). The gradient norm is computed as
 * torch's clip_grad_norm_ does (per-tensor L2 norms, squared), which rounds differently from a sum
 * of squares in the last bits.
 *
 * <p>{@link #available} is false with DJL's official natives, for tensors that are not PyTorch's
 * float32 arrays on one device, and with {@code -Dtasl.multitensor=off}.
 */
public final class MultiTensor {
    /** The importance scores the native update computes, by the code it knows them by. */
    public enum Score { FIRST_ORDER, MIX, SECOND_ORDER }

    private MultiTensor() {}

    /** Whether the native multi-tensor ops can update these lists (one device, float32, PyTorch's). */
    @SafeVarargs
    public static boolean available(Collection<NDArray>... lists) {
        if (!enabled()) {
            return false;
        }
        Device device = null;
        for (Collection<NDArray> list : lists) {
            for (NDArray a : list) {
                if (!(a instanceof PtNDArray) || a.getDataType() != DataType.FLOAT32) {
                    return false;
                }
                if (device == null) {
                    device = a.getDevice();
                } else if (!device.equals(a.getDevice())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@link #zeroGradients} can clear these parameters' gradients (any type). */
    public static boolean canZero(Collection<NDArray> params) {
        if (!enabled()) {
            return false;
        }
        for (NDArray p : params) {
            if (!(p instanceof PtNDArray)) {
                return false;
            }
        }
        return true;
    }

    private static boolean enabled() {
        return !"off".equals(System.getProperty("tasl.multitensor")) && TaslNative.has(TaslNative.MULTI_TENSOR);
    }

    /** One AdamW step, the update of {@code org.tasl.train.AdamW} (the numbers computed by it in float). */
    public static void adamW(List<NDArray> params, List<NDArray> grads, List<NDArray> expAvg, List<NDArray> expAvgSq,
            float beta1, float beta2, float bc1, float bc2, float eps, float weightDecay, float lr) {
        TaslNative.adamWStepMulti(handles(params), handles(grads), handles(expAvg), handles(expAvgSq), beta1,
                1f - beta1, beta2, 1f - beta2, bc1, bc2, eps, weightDecay != 0f, 1f - lr * weightDecay, lr);
    }

    /**
     * [‖g0‖², max|g0|, ‖g1‖², max|g1|, …] float64 in {@code scope}: the layout of
     * {@link GradientStats#of}, with squared L2 norms in place of sums of squares. A NaN element
     * makes its tensor's squared norm NaN; an infinite one makes its largest magnitude infinite.
     */
    public static NDArray gradientStats(List<NDArray> grads, NDManager scope) {
        return new PtNDArray((PtNDManager) scope, TaslNative.gradientStatsMulti(handles(grads)));
    }

    /** t ← t · factor for every tensor. */
    public static void scale(Collection<NDArray> tensors, float factor) {
        TaslNative.scaleInPlace(handles(tensors), factor);
    }

    /**
     * The importance EMA step of {@code org.tasl.cl.ImportanceTracker} for every tensor: with s the
     * score of (w, g) and d = s − Ī, Ī ← Ī + d·(1−β1) and Ū ← Ū·β2 + |d|·((1−β2)·β1).
     */
    public static void importanceUpdate(List<NDArray> params, List<NDArray> grads, List<NDArray> sensitivity,
            List<NDArray> uncertainty, Score score, float beta1, float beta2) {
        TaslNative.importanceUpdateMulti(handles(params), handles(grads), handles(sensitivity), handles(uncertainty),
                score.ordinal(), 1f - beta1, beta2, (1f - beta2) * beta1);
    }

    /** Sets every parameter's gradient (where it has one) to zeros in place. */
    public static void zeroGradients(Collection<NDArray> params) {
        TaslNative.zeroGradients(handles(params));
    }

}
