package org.tasl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Gradient access that does not leak: DJL hands out a new wrapper per call, owned by the parameter's manager. */
public final class Gradients {
    private Gradients() {}

    /** The gradient of {@code parameter}, owned by {@code scope} (closed with the step). */
    public static NDArray of(NDArray parameter, NDManager scope) {
        NDArray g = parameter.getGradient();
        g.attach(scope);
        return g;
    }

    /** Sets the accumulated gradient to zero in place (DJL's collectors accumulate across scopes). */
    public static void zero(NDArray parameter, NDManager scope) {
        if (parameter.hasGradient()) {
            NDArray g = of(parameter, scope);
            g.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
        }
    }
}
