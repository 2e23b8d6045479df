package org.tasl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Objects;

/**
 * One named tensor of a block, declared with its Hugging Face local name (e.g. "weight",
 * "bias") and the shape the checkpoint must have. It is also registered as a DJL
 * {@link Parameter}, so DJL utilities that walk {@code getParameters()} see it.
 *
 * <p>Whether it is trainable decides whether its array requires a gradient: frozen weights
 * never record autograd history, which is most of the speed of LoRA training.
 */
public final class Weight {
    private final String name;
    private final Shape shape;
    private final Parameter parameter;
    private boolean trainable;
    /** The value; the Parameter keeps the load-time array (a precision change replaces this one only). */
    private NDArray value;

    Weight(String name, Shape shape, Parameter.Type type) {
        this.name = Objects.requireNonNull(name);
        this.shape = Objects.requireNonNull(shape);
        this.parameter = Parameter.builder().setName(name).setType(type).optRequiresGrad(false).build();
    }

    /** The local name inside its block ("weight", "bias"). */
    public String name() {
        return name;
    }

    /** The declared shape; a loaded tensor must match it exactly. */
    public Shape shape() {
        return shape;
    }

    public Parameter parameter() {
        return parameter;
    }

    public boolean isSet() {
        return value != null;
    }

    /** The array; an error naming the weight when nothing was loaded into it. */
    public NDArray array() {
        if (value == null) {
            throw new IllegalStateException("weight '" + name + "' " + shape + " has no value: it was not loaded");
        }
        return value;
    }

    /**
     * Sets the value (float32, the weight's device). The first value becomes the parameter's
     * array; later values replace its storage in place, so the NDArray object others hold stays
     * valid. The value is consumed.
     */
    public void set(String fullName, NDArray value) {
        if (!value.getShape().equals(shape)) {
            throw new IllegalArgumentException("tensor '" + fullName + "': expected shape " + shape
                    + " but found " + value.getShape());
        }
        DataType type = this.value == null ? DataType.FLOAT32 : this.value.getDataType();
        NDArray v = value.getDataType() == type ? value : value.toType(type, false);
        if (this.value == null) {
            parameter.setArray(v);
            this.value = v;
        } else {
            // intern moves only the native handle: were v built from Java data, the Java buffer
            // behind it would be freed with v, so the held array takes a copy of its own
            this.value.intern(v.duplicate());
            v.close();
        }
        if (v != value) {
            value.close();
        }
        applyTrainable();
    }

    /**
     * Converts the value to {@code type} (bf16 frozen weights of mixed precision); the new array
     * takes the old one's manager and the old one is closed. Holders of the old NDArray must
     * fetch {@link #array()} again.
     */
    public void convert(DataType type) {
        NDArray old = array();
        if (old.getDataType() == type) {
            return;
        }
        NDArray v = old.toType(type, false);
        v.attach(old.getManager());
        v.setName(old.getName());
        value = v;
        old.close(); // frees the fp32 copy; the DJL Parameter view then holds a closed array (nothing here reads it)
        applyTrainable();
    }

    public boolean isTrainable() {
        return trainable;
    }

    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
        parameter.freeze(!trainable);
        if (isSet()) {
            applyTrainable();
        }
    }

    private void applyTrainable() {
        value.setRequiresGradient(trainable);
    }
}
