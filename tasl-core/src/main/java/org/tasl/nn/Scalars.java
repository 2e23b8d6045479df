package org.tasl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Array-by-number arithmetic that stays correct under autograd. DJL's {@code x.mul(2f)} (and
 * {@code div}, {@code pow}, {@code maximum} with a number) builds the number as an array over a
 * Java direct buffer ({@code torch::from_blob}) and closes that array right after the op; PyTorch
 * keeps the number's tensor for the backward pass ({@code d(x·s)/dx = s}), and once the JVM
 * collects the buffer the backward pass reads freed memory: on the CPU a garbage factor (NaN, or a
 * denormal like -1.8e-42) lands in every gradient upstream whenever a garbage collection falls
 * between forward and backward. Here the number lives in memory the engine allocated (on a GPU
 * DJL copies it there anyway), which the saved tensor keeps alive. Use these on every path a
 * gradient flows through; the number is a float32 scalar like DJL's, so results are bitwise equal.
 * On a GPU they also keep a step free of host-to-device copies (each of DJL's is a synchronous
 * copy of the number, which waits for the stream's queued work), which a CUDA graph capture
 * requires and which the per-step bookkeeping outside the graph (importance, clipping) would
 * otherwise pay once per tensor.
 */
public final class Scalars {
    private Scalars() {}

    /** x + s. */
    public static NDArray add(NDArray x, float s) {
        return with(x, s, NDArray::add);
    }

    /** x − s. */
    public static NDArray sub(NDArray x, float s) {
        return with(x, s, NDArray::sub);
    }

    /** x · s. */
    public static NDArray mul(NDArray x, float s) {
        return with(x, s, NDArray::mul);
    }

    /** x ← x · s in place; returns x. */
    public static NDArray muli(NDArray x, float s) {
        return with(x, s, NDArray::muli);
    }

    /** x / s. */
    public static NDArray div(NDArray x, float s) {
        return with(x, s, NDArray::div);
    }

    /** x ^ s. */
    public static NDArray pow(NDArray x, float s) {
        return with(x, s, NDArray::pow);
    }

    /** max(x, s) element-wise. */
    public static NDArray maximum(NDArray x, float s) {
        return with(x, s, NDArray::maximum);
    }

    /** op(x, s) with s as a 0-d array in engine memory, closed after the op (autograd keeps what it needs). */
    private static NDArray with(NDArray x, float s, java.util.function.BinaryOperator<NDArray> op) {
        try (NDArray scalar = scalar(x, s)) {
            return op.apply(x, scalar);
        }
    }

    /** A 0-d float32 array holding s in engine memory, on x's manager and device. */
    private static NDArray scalar(NDArray x, float s) {
        NDArray scalar = x.getManager().full(new Shape(), s, DataType.FLOAT32);
        if (!scalar.getDevice().equals(x.getDevice())) {
            NDArray moved = scalar.toDevice(x.getDevice(), false);
            scalar.close();
            return moved;
        }
        return scalar;
    }
}
