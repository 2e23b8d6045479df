package org.tasl.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * One adapter's tensors inside one wrapped linear: A [r, in], B [out, r], the scaling α/r and
 * the input dropout. Owns an NDManager so removing the adapter frees exactly its tensors.
 */
public final class LoraAdapterWeights implements AutoCloseable {
    private final String name;
    private final int r;
    private final float scaling;
    private final float dropout;
    private final NDManager manager;
    private final NDArray a;
    private final NDArray b;
    /** α/r as a 0-dim float32 tensor beside A and B (see {@link #scalingArray()}). */
    private final NDArray scalingArray;
    private boolean trainable;

    LoraAdapterWeights(String name, int r, float scaling, float dropout, NDManager manager, NDArray a, NDArray b) {
        this.name = name;
        this.r = r;
        this.scaling = scaling;
        this.dropout = dropout;
        this.manager = manager;
        this.a = a;
        this.b = b;
        // engine memory, not a Java buffer: the backward pass keeps this tensor (see nn.Scalars)
        this.scalingArray = manager.full(new ai.djl.ndarray.types.Shape(), scaling, ai.djl.ndarray.types.DataType.FLOAT32);
    }

    public String name() {
        return name;
    }

    public int r() {
        return r;
    }

    public float scaling() {
        return scaling;
    }

    /**
     * α/r as a tensor on the adapter's device, made once: multiplying by it is the same op as
     * DJL's {@code mul(scaling)}, which creates that 0-dim tensor anew on every call (on a GPU a
     * host-to-device copy per wrapped layer per forward pass).
     */
    public NDArray scalingArray() {
        return scalingArray;
    }

    public float dropout() {
        return dropout;
    }

    /** lora_A: [r, in_features]. */
    public NDArray a() {
        return a;
    }

    /** lora_B: [out_features, r]. */
    public NDArray b() {
        return b;
    }

    public boolean isTrainable() {
        return trainable;
    }

    void setTrainable(boolean trainable) {
        this.trainable = trainable;
        a.setRequiresGradient(trainable);
        b.setRequiresGradient(trainable);
    }

    @Override
    public void close() {
        manager.close();
    }
}
