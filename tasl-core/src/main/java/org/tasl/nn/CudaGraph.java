package org.tasl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;

/**
 * One captured CUDA graph: the kernels that a piece of Java code queued on the current stream
 * while it was captured, replayed later with one call and no host work per kernel. Replays read
 * and write the same device addresses as the capture did, so inputs are refilled in place
 * ({@link #copyInto}) and outputs are read (or copied) before the next replay. Capture inside a
 * {@link CudaStreamScope}; the code captured must not copy between host and device or wait for
 * the device (it fails the capture, see {@link CaptureFailedException}).
 */
public final class CudaGraph implements AutoCloseable {
    private long handle;

    private CudaGraph(long handle) {
        this.handle = handle;
    }

    /** Thrown when the code under capture did something a graph cannot hold; nothing ran on the device. */
    public static final class CaptureFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CaptureFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Captures what {@code body} queues on the current stream (inside {@code scope}); its
     * allocations come from {@code pool}. Nothing executes: replay once to run it.
     */
    public static CudaGraph capture(CudaStreamScope scope, CudaGraphPool pool, Runnable body) {
        long graph = TaslNative.graphCaptureBegin(pool.handle());
        try {
            body.run();
            TaslNative.graphCaptureEnd(graph);
        } catch (RuntimeException e) {
            String cuda = TaslNative.graphAbort(graph, pool.handle(), scope.device().getDeviceId());
            throw new CaptureFailedException("CUDA graph capture failed: " + e.getMessage()
                    + (cuda == null || cuda.isEmpty() ? "" : " (ending the capture: " + cuda + ")"), e);
        }
        return new CudaGraph(graph);
    }

    /** Queues the captured kernels on the current stream. */
    public void replay() {
        if (handle == 0) {
            throw new IllegalStateException("graph already closed");
        }
        TaslNative.graphReplay(handle);
    }

    /** dst ← src in place on the current stream (same shape, type and device). */
    public static void copyInto(NDArray dst, NDArray src) {
        if (!dst.getShape().equals(src.getShape()) || dst.getDataType() != src.getDataType()) {
            throw new IllegalArgumentException("copyInto: " + dst.getShape() + " " + dst.getDataType() + " ← "
                    + src.getShape() + " " + src.getDataType());
        }
        TaslNative.copyInto(((PtNDArray) dst).getHandle(), ((PtNDArray) src).getHandle());
    }

    @Override
    public void close() {
        if (handle != 0) {
            TaslNative.graphDelete(handle);
            handle = 0;
        }
    }
}
