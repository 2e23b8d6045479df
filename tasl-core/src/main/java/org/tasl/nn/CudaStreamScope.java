package org.tasl.nn;

import ai.djl.Device;

/**
 * The calling thread's work on a CUDA device goes to a stream of its own until {@link #close()}:
 * a CUDA graph can only be captured on a stream other than the default one, and a stream made for
 * this scope alone is never shared with another run of the same process (a threads sweep), so a
 * capture on it records this run's kernels and nothing else. Entering orders the new stream after
 * the work already queued on the previous one; closing orders the previous stream after the
 * scope's work and makes it current again. Scopes are per thread and must nest.
 */
public final class CudaStreamScope implements AutoCloseable {
    private static final ThreadLocal<CudaStreamScope> CURRENT = new ThreadLocal<>();

    private final Device device;
    private final CudaStreamScope outer;
    private long handle;

    private CudaStreamScope(Device device, long handle) {
        this.device = device;
        this.handle = handle;
        this.outer = CURRENT.get();
        CURRENT.set(this);
    }

    /** The innermost open scope of the calling thread, or null. */
    public static CudaStreamScope current() {
        return CURRENT.get();
    }

    /** Whether this process can enter a scope on {@code device} (a GPU and our CUDA graph natives). */
    public static boolean available(Device device) {
        return device.isGpu() && TaslNative.has(TaslNative.CUDA_GRAPHS);
    }

    public static CudaStreamScope enter(Device device) {
        if (!available(device)) {
            throw new IllegalStateException("no CUDA stream scope on " + device
                    + ": it needs a GPU and the project's native library built against PyTorch >= 2.1 with CUDA");
        }
        return new CudaStreamScope(device, TaslNative.streamScopeEnter(device.getDeviceId()));
    }

    public Device device() {
        return device;
    }


    @Override
    public void close() {
        if (handle != 0) {
            if (CURRENT.get() != this) {
                throw new IllegalStateException("CUDA stream scopes must be closed on their thread, innermost first");
            }
            TaslNative.streamScopeExit(handle);
            handle = 0;
            CURRENT.set(outer);
        }
    }
}
