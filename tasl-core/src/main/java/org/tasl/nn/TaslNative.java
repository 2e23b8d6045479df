package org.tasl.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import java.util.Collection;

/**
 * The project's own native entry points (native/djl_torch/tasl_ext.cpp), compiled into our
 * libdjl_torch.so beside DJL's 265. With DJL's official natives (this machine's CPU default)
 * they do not exist: {@link #features()} is then 0 and callers take their eager path.
 */
public final class TaslNative {
    public static final int FUSED_ATTENTION = 1;
    public static final int CUDA_MEMORY_STATS = 2;
    public static final int ADAMW_STEP = 4;
    public static final int GRADIENT_STATS = 8;
    public static final int CUDA_GRAPHS = 16;
    public static final int MULTI_TENSOR = 32;
    public static final int SDPA_BACKENDS = 64;

    private static volatile Integer features;

    private TaslNative() {}

    /** Whether the loaded libdjl_torch is ours (DJL's official one lacks these natives). */
    public static boolean loaded() {
        return probed() >= 0;
    }

    /** The feature bits of the loaded library; 0 when it is not ours (or is off). */
    public static int features() {
        return Math.max(0, probed());
    }

    private static int probed() {
        Integer f = features;
        if (f == null) {
            synchronized (TaslNative.class) {
                f = features;
                if (f == null) {
                    f = probe();
                    features = f;
                }
            }
        }
        return f;
    }

    public static boolean has(int feature) {
        return (features() & feature) != 0;
    }

    /** The native tensor handles of PyTorch arrays, in order: what the list-taking natives here take. */
    static long[] handles(Collection<NDArray> arrays) {
        long[] out = new long[arrays.size()];
        int i = 0;
        for (NDArray a : arrays) {
            out[i++] = ((PtNDArray) a).getHandle();
        }
        return out;
    }

    private static int probe() {
        if (Boolean.getBoolean("tasl.native.off")) {
            return -1;
        }
        Engine.getEngine("PyTorch"); // loads libdjl_torch.so, whose symbols these natives are
        try {
            return nativeFeatures();
        } catch (UnsatisfiedLinkError e) {
            return -1;
        }
    }

    /** Peak bytes allocated on a CUDA device since the last reset; -1 when unknown. */
    public static long peakAllocatedBytes(Device device) {
        if (!device.isGpu() || !has(CUDA_MEMORY_STATS)) {
            return -1;
        }
        return cudaPeakAllocatedBytes(device.getDeviceId());
    }

    /** Bytes allocated to live tensors on a CUDA device now; -1 when unknown. */
    public static long allocatedBytes(Device device) {
        return device.isGpu() && has(CUDA_MEMORY_STATS) ? cudaCurrentBytes(Math.max(0, device.getDeviceId()), 0) : -1;
    }

    /** Bytes the caching allocator holds from CUDA on a device now (cached and graph pools included); -1 when unknown. */
    public static long reservedBytes(Device device) {
        return device.isGpu() && has(CUDA_MEMORY_STATS) ? cudaCurrentBytes(Math.max(0, device.getDeviceId()), 1) : -1;
    }

    public static void resetPeak(Device device) {
        if (device.isGpu() && has(CUDA_MEMORY_STATS)) {
            cudaResetPeak(device.getDeviceId());
        }
    }

    private static native int nativeFeatures();

    static native long scaledDotProductAttention(long q, long k, long v, long mask, double dropout, boolean causal,
            double scale);

    static native void adamWStep(long[] params, long[] grads, long[] expAvg, long[] expAvgSq, float beta1,
            float oneMinusBeta1, float beta2, float oneMinusBeta2, float bc1, float bc2, float eps, boolean decay,
            float decayFactor, float lr);

    static native long gradientStats(long[] grads);

    static native long streamScopeEnter(int device);

    static native void streamScopeExit(long scope);

    static native long graphPoolNew();

    static native void graphPoolDelete(long pool);

    static native long graphCaptureBegin(long pool);

    static native void graphCaptureEnd(long graph);

    static native String graphAbort(long graph, long pool, int device);

    static native void graphReplay(long graph);

    static native void graphDelete(long graph);

    static native void copyInto(long dst, long src);

    static native void adamWStepMulti(long[] params, long[] grads, long[] expAvg, long[] expAvgSq, float beta1,
            float oneMinusBeta1, float beta2, float oneMinusBeta2, float bc1, float bc2, float eps, boolean decay,
            float decayFactor, float lr);

    static native long gradientStatsMulti(long[] grads);

    static native void scaleInPlace(long[] tensors, float factor);

    static native void importanceUpdateMulti(long[] params, long[] grads, long[] sensitivity, long[] uncertainty,
            int metric, float oneMinusBeta1, float beta2, float uncertaintyFactor);

    static native void zeroGradients(long[] params);

    static native int sdpaBackends(int mask);

    private static native long cudaPeakAllocatedBytes(int device);

    private static native void cudaResetPeak(int device);

    private static native long cudaCurrentBytes(int device, int what);
}
