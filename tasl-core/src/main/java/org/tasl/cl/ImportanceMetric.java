package org.tasl.cl;

import ai.djl.ndarray.NDArray;

/**
 * The instantaneous element score s of TASL_SPEC §3.2: a function of a parameter tensor w and
 * its gradient g, same shape as w. The built-in ones are in {@code ImportanceMetrics}; users
 * plug their own (in Java, Python or JavaScript) into the importance tracker.
 *
 * <p>The returned array must belong to the manager of {@code weight} (or a scope the caller
 * closes); it is consumed at once by the EMA.
 */
@FunctionalInterface
public interface ImportanceMetric {
    NDArray score(NDArray weight, NDArray grad);
}
