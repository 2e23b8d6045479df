package org.tasl.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.tasl.data.Example;

/**
 * A cross-cutting rule hooked into the continual-learning loop (Avalanche's plugin idea):
 * importance tracking, consolidation, replay, regularizers. The loop calls the hooks in the
 * order they are listed here; plugins never drive the loop.
 */
public interface TrainingPlugin {

    /** Task k is about to train; the adapters for it are in place. */
    default void beforeTask(TaskContext ctx) {}

    /** The examples task k trains on (replay mixes its memory in here). */
    default List<Example> trainingData(TaskContext ctx, List<Example> data) {
        return data;
    }

    /**
     * An extra, differentiable loss term for this step, owned by {@code scope}; null for none. On a
     * GPU the trainer captures it into a CUDA graph with the forward pass and replays it for the
     * rest of the task: it must be device work only (tensors it already holds, {@code Scalars} for
     * numbers; no host data, no reads back) and the same computation at every step of a task.
     */
    default NDArray extraLoss(TaskContext ctx, NDManager scope) {
        return null;
    }

    /** Before the optimizer step, on the clipped gradients (masking, gradient surgery). */
    default void beforeOptimizerStep(TaskContext ctx, int step, Map<String, NDArray> grads) {}

    /**
     * After an optimizer step: parameters already updated, {@code grads} the clipped
     * accumulated gradients of that step (owned by the step scope). {@code step} counts from 0.
     */
    default void afterStep(TaskContext ctx, int step, Map<String, NDArray> grads) {}

    /** The step was skipped because a gradient was NaN or infinite. */
    default void skippedStep(TaskContext ctx, int step) {}

    /** Training of task k is over: θ_k is in the model. Consolidation turns it into θ̂_k here. */
    default void afterTraining(TaskContext ctx) {}

    /** Task k is evaluated and saved. */
    default void afterTask(TaskContext ctx) {}

    /** Writes what a resumed run needs to continue after task k into the task folder. */
    default void save(TaskContext ctx, java.nio.file.Path taskDir) throws java.io.IOException {}

    /** Restores the state saved after task k (the last completed task) when resuming. */
    default void restore(TaskContext ctx, java.nio.file.Path taskDir) throws java.io.IOException {}
}
