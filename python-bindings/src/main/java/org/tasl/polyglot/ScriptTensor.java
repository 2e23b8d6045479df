package org.tasl.polyglot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.graalvm.polyglot.HostAccess.Export;

/**
 * A parameter or gradient tensor as a Python/JS importance metric sees it: elementwise
 * arithmetic and reductions that run in the engine (no copy into the script), plus
 * {@link #toList()} when the script wants plain numbers. Every array an operation creates is
 * attached to the metric call's scope, which is closed when the call returns, so a script
 * cannot leak native memory however many intermediates it makes.
 */
public final class ScriptTensor {
    private final NDArray array;
    private final NDManager scope;

    ScriptTensor(NDArray array, NDManager scope) {
        this.array = array;
        this.scope = scope;
    }

    NDArray array() {
        return array;
    }

    private ScriptTensor wrap(NDArray r) {
        r.attach(scope);
        return new ScriptTensor(r, scope);
    }

    private NDArray operand(Object other) {
        if (other instanceof ScriptTensor t) {
            return t.array;
        }
        if (other instanceof Number n) {
            return scope.create(n.floatValue()).toType(array.getDataType(), false);
        }
        throw new IllegalArgumentException("expected a tensor or a number, got " + other);
    }

    @Export public long[] shape() { return array.getShape().getShape(); }
    @Export public long size() { return array.size(); }
    @Export public String dtype() { return array.getDataType().toString(); }

    @Export public ScriptTensor add(Object o) { return wrap(array.add(operand(o))); }
    @Export public ScriptTensor sub(Object o) { return wrap(array.sub(operand(o))); }
    @Export public ScriptTensor mul(Object o) { return wrap(array.mul(operand(o))); }
    @Export public ScriptTensor div(Object o) { return wrap(array.div(operand(o))); }
    @Export public ScriptTensor rsub(Object o) { return wrap(operand(o).sub(array)); }
    @Export public ScriptTensor rdiv(Object o) { return wrap(operand(o).div(array)); }
    @Export public ScriptTensor pow(double e) { return wrap(array.pow(e)); }
    @Export public ScriptTensor maximum(Object o) { return wrap(NDArrays.maximum(array, operand(o))); }
    @Export public ScriptTensor minimum(Object o) { return wrap(NDArrays.minimum(array, operand(o))); }
    @Export public ScriptTensor abs() { return wrap(array.abs()); }
    @Export public ScriptTensor neg() { return wrap(array.neg()); }
    @Export public ScriptTensor square() { return wrap(array.square()); }
    @Export public ScriptTensor sqrt() { return wrap(array.sqrt()); }
    @Export public ScriptTensor exp() { return wrap(array.exp()); }
    @Export public ScriptTensor log() { return wrap(array.log()); }
    @Export public ScriptTensor sign() { return wrap(array.sign()); }
    @Export public ScriptTensor clip(double lo, double hi) { return wrap(array.clip(lo, hi)); }

    @Export public double sum() { return scalar(array.sum()); }
    @Export public double mean() { return scalar(array.mean()); }
    @Export public double max() { return scalar(array.max()); }
    @Export public double min() { return scalar(array.min()); }

    /** The values, flattened in row-major order, as a float array (a Python/JS list-like). */
    @Export public float[] toList() {
        if (array.getDataType() == DataType.FLOAT32) {
            return array.toFloatArray();
        }
        try (NDArray f = array.toType(DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }

    @Override
    @Export
    public String toString() {
        return "Tensor(shape=" + array.getShape() + ", dtype=" + array.getDataType() + ")";
    }

    private double scalar(NDArray r) {
        r.attach(scope);
        return r.toType(DataType.FLOAT64, false).getDouble();
    }
}
