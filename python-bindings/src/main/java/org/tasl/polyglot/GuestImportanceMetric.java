package org.tasl.polyglot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.graalvm.polyglot.Value;
import org.tasl.cl.ImportanceMetric;

/**
 * An {@link ImportanceMetric} written in Python or JavaScript. The guest function receives
 * the weight and gradient as {@link ScriptTensor}s and returns a tensor, a flat list of
 * numbers (row-major, the weight's size) or one number (broadcast). Intermediates live in a
 * per-call sub-manager of the weight's manager, closed before returning; the result is moved
 * to the weight's manager as the contract requires.
 *
 * <p>Cost: one guest call per tracked tensor per step, plus, for list results, a copy of the
 * tensor through the script (see {@code MetricOverheadBenchmark}).
 */
public final class GuestImportanceMetric implements ImportanceMetric {
    private final Value function;
    private final String name;

    GuestImportanceMetric(Value function, String name) {
        if (function == null || !function.canExecute()) {
            throw new IllegalArgumentException("importance metric must be a function of (weight, grad), got " + function);
        }
        this.function = function;
        this.name = name == null ? "script metric" : name;
    }

    @Override
    public NDArray score(NDArray weight, NDArray grad) {
        NDManager owner = weight.getManager();
        try (NDManager scope = owner.newSubManager()) {
            Value r = function.execute(new ScriptTensor(weight, scope), new ScriptTensor(grad, scope));
            NDArray out = toArray(r, weight, scope);
            if (out == weight || out == grad) {
                out = out.duplicate();
            }
            out.attach(owner);
            return out;
        }
    }

    private NDArray toArray(Value r, NDArray like, NDManager scope) {
        if (r.isHostObject() && r.asHostObject() instanceof ScriptTensor t) {
            NDArray a = t.array();
            if (!a.getShape().equals(like.getShape())) {
                throw new IllegalArgumentException(name + " returned shape " + a.getShape()
                        + " for a parameter of shape " + like.getShape());
            }
            return a;
        }
        if (r.isNumber()) {
            NDArray a = scope.full(like.getShape(), (float) r.asDouble(), DataType.FLOAT32);
            return a.toType(like.getDataType(), false);
        }
        if (r.hasArrayElements()) {
            long n = r.getArraySize();
            if (n != like.size()) {
                throw new IllegalArgumentException(name + " returned " + n + " values for a parameter of "
                        + like.size() + " elements (shape " + like.getShape() + ")");
            }
            float[] v = new float[(int) n];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.getArrayElement(i).asDouble();
            }
            NDArray a = scope.create(v, like.getShape());
            return a.toType(like.getDataType(), false);
        }
        throw new IllegalArgumentException(name + " must return a tensor, a list of numbers or a number, got " + r);
    }

    @Override
    public String toString() {
        return name;
    }
}
