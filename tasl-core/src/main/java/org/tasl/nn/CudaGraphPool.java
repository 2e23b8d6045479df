package org.tasl.nn;

import ai.djl.Device;

/**
 * The device memory that a set of CUDA graphs share. Sharing is safe for graphs that one thread
 * replays one at a time on one stream and whose temporaries are written before they are read in
 * every replay (true of a forward + backward pass); what a graph must keep (its outputs) stays
 * referenced, so another graph's capture never reuses it. Close after the graphs.
 */
public final class CudaGraphPool implements AutoCloseable {
    private final Device device;
    private long handle;

    public CudaGraphPool(Device device) {
        if (!CudaStreamScope.available(device)) {
            throw new IllegalStateException("no CUDA graphs on " + device);
        }
        this.device = device;
        this.handle = TaslNative.graphPoolNew();
    }

    public Device device() {
        return device;
    }

    long handle() {
        if (handle == 0) {
            throw new IllegalStateException("graph pool already closed");
        }
        return handle;
    }

    @Override
    public void close() {
        if (handle != 0) {
            TaslNative.graphPoolDelete(handle);
            handle = 0;
        }
    }
}
