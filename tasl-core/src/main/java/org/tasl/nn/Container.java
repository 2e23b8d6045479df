package org.tasl.nn;

/**
 * A named level of the module tree with no computation of its own (HF's {@code attention},
 * {@code intermediate}, {@code cls.predictions}…), so weight names keep their checkpoint paths.
 */
public final class Container extends HfBlock {
    public <B extends HfBlock> B add(String name, B block) {
        return module(name, block);
    }

    /** A tensor that sits directly at this level (e.g. {@code cls.predictions.bias}). */
    public Weight addWeight(String name, ai.djl.ndarray.types.Shape shape, ai.djl.nn.Parameter.Type type) {
        return weight(name, shape, type);
    }
}
