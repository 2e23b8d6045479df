package org.tasl.nn;

import ai.djl.ndarray.NDArray;

/**
 * A trainable side path attached to a {@link Linear} (LoRA is one): given the layer's input and
 * its base output, returns the output to use. Lives in {@code nn} so layers do not depend on
 * any particular adapter method.
 */
@FunctionalInterface
public interface LinearAdapter {
    NDArray apply(NDArray input, NDArray baseOutput, boolean training);
}
