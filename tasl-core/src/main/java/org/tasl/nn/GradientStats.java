package org.tasl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import java.util.List;

/**
 * Every gradient's sum of squares and largest magnitude in one native call ({@code gradientStats}
 * in native/djl_torch/tasl_ext.cpp): the [2N] float64 vector that StepReadout otherwise builds with
 * 8 JNI calls per tensor (384 a step for LoRA on BERT-base's q and v), from the same ATen ops, so
 * the norm and finiteness read from it are bit-identical. Absent from DJL's official natives:
 * {@link #available} is then false and StepReadout loops in Java.
 */
public final class GradientStats {
    private GradientStats() {}

    /**
     * Whether the loaded library has it and the tensors suit it (PyTorch's, non-empty, on one
     * device); {@code -Dtasl.gradstats=eager} forces the Java loop.
     */
    public static boolean available(List<NDArray> grads) {
        if ("eager".equals(System.getProperty("tasl.gradstats")) || !TaslNative.has(TaslNative.GRADIENT_STATS)
                || grads.isEmpty()) {
            return false;
        }
        for (NDArray g : grads) {
            if (!(g instanceof PtNDArray) || g.size() == 0 || !g.getDevice().equals(grads.get(0).getDevice())) {
                return false;
            }
        }
        return true;
    }

    /** [sumsq(g0), max|g0|, sumsq(g1), max|g1|, …] float64, owned by {@code scope}. */
    public static NDArray of(List<NDArray> grads, NDManager scope) {
        return new PtNDArray((PtNDManager) scope, TaslNative.gradientStats(TaslNative.handles(grads)));
    }
}
