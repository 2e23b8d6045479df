package org.tasl.cl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tasl.nn.Scalars;

/**
 * Elastic weight consolidation with a diagonal Fisher (Kirkpatrick et al., 2017), the classical
 * regularization baseline (TASL_SPEC §7). While task t trains, the squared gradients of every
 * optimizer step are averaged into the task's diagonal (empirical) Fisher F_t. At the end of the
 * task F_t is added to the accumulated Fisher F = Σ_t F_t and the parameters become the anchor
 * θ*. Later tasks add
 *
 * <pre>
 *   λ/2 · Σ_i F_i · (θ_i − θ*_i)²
 * </pre>
 *
 * to the loss. One Fisher and one anchor are kept whatever the number of tasks (the "online"
 * form with γ = 1: memory does not grow with the task count).
 *
 * <p>Default λ = 5000: with gradients clipped to global norm 1, Σ_i F_i is at most 1 and
 * typically 0.01–0.1, and parameters drift by ~0.01–0.05 over a task, so the penalty of a full
 * drift is then of the order of the task loss. Tune it per backbone.
 */
public final class EwcPenalty implements AutoCloseable {

    public static final double DEFAULT_LAMBDA = 5000;

    private final NDManager manager;
    private final double lambda;
    private final Map<String, NDArray> taskSquares = new LinkedHashMap<>();
    private int taskSteps;
    private final Map<String, NDArray> fisher = new LinkedHashMap<>();
    private final Map<String, NDArray> anchor = new LinkedHashMap<>();
    private int tasks;

    /** λ = 5000. */
    public EwcPenalty(NDManager parent) {
        this(parent, DEFAULT_LAMBDA);
    }

    public EwcPenalty(NDManager parent, double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("EWC lambda must be a non-negative number, got " + lambda);
        }
        this.manager = parent.newSubManager();
        this.lambda = lambda;
    }

    public double lambda() {
        return lambda;
    }

    /**
     * Adds one optimizer step's gradients (the same clipped, accumulated ones the optimizer
     * used) to the current task's Fisher. A step with a NaN or infinite gradient is ignored.
     *
     * @return whether the step was counted
     */
    public boolean accumulate(Map<String, NDArray> grads) {
        return accumulate(grads, true);
    }

    /**
     * {@link #accumulate} for a caller that has already found every gradient of the step finite
     * (the trainer checks once per step): no second check, no extra device→host transfer.
     */
    public void accumulateFinite(Map<String, NDArray> grads) {
        accumulate(grads, false);
    }

    private boolean accumulate(Map<String, NDArray> grads, boolean checkFinite) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            if (checkFinite && ImportanceTracker.anyNonFinite(grads)) {
                return false;
            }
            for (Map.Entry<String, NDArray> e : grads.entrySet()) {
                NDArray sq = e.getValue().stopGradient().toType(DataType.FLOAT32, false).square();
                NDArray sum = taskSquares.get(e.getKey());
                if (sum == null) {
                    taskSquares.put(e.getKey(), keep(sq.duplicate()));
                } else {
                    sum.addi(sq);
                }
            }
            taskSteps++;
            return true;
        }
    }

    /**
     * Closes the current task: F += (mean squared gradient of its steps), θ* = {@code params}
     * (copied). Call it once per task, after training (with the parameters the next task starts
     * from, i.e. θ̂_k).
     */
    public void endTask(Map<String, NDArray> params) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Map.Entry<String, NDArray> e : taskSquares.entrySet()) {
                NDArray taskFisher = e.getValue().div((float) Math.max(1, taskSteps));
                NDArray total = fisher.get(e.getKey());
                if (total == null) {
                    fisher.put(e.getKey(), keep(taskFisher));
                } else {
                    total.addi(taskFisher);
                }
            }
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                if (!fisher.containsKey(e.getKey())) {
                    continue;
                }
                NDArray old = anchor.put(e.getKey(), keep(e.getValue().stopGradient().toType(DataType.FLOAT32, false).duplicate()));
                if (old != null) {
                    old.close();
                }
            }
            for (String name : fisher.keySet()) {
                if (!anchor.containsKey(name)) {
                    throw new IllegalArgumentException("EWC: no parameter " + name + " given at the end of the task to anchor");
                }
            }
        }
        taskSquares.values().forEach(NDArray::close);
        taskSquares.clear();
        taskSteps = 0;
        tasks++;
    }

    /** Tasks closed so far. */
    public int tasks() {
        return tasks;
    }

    /** The accumulated diagonal Fisher F by tensor name (read-only; owned by this object). */
    public Map<String, NDArray> fisher() {
        return Collections.unmodifiableMap(fisher);
    }

    /** The anchor θ* by tensor name (read-only; owned by this object). */
    public Map<String, NDArray> anchor() {
        return Collections.unmodifiableMap(anchor);
    }

    /**
     * Replaces the state with a saved one (copies), e.g. {@link #fisher()} and {@link #anchor()}
     * written after the last completed task, to resume a run. Any partial task is dropped.
     */
    public void restore(Map<String, NDArray> savedFisher, Map<String, NDArray> savedAnchor, int closedTasks) {
        if (!savedFisher.keySet().equals(savedAnchor.keySet())) {
            throw new IllegalArgumentException("EWC restore: the Fisher covers " + savedFisher.keySet()
                    + " but the anchor covers " + savedAnchor.keySet());
        }
        for (Map<String, NDArray> m : java.util.List.of(taskSquares, fisher, anchor)) {
            m.values().forEach(NDArray::close);
            m.clear();
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            savedFisher.forEach((k, v) -> fisher.put(k, keep(v.toType(DataType.FLOAT32, false).duplicate())));
            savedAnchor.forEach((k, v) -> anchor.put(k, keep(v.toType(DataType.FLOAT32, false).duplicate())));
        }
        taskSteps = 0;
        tasks = closedTasks;
    }

    /**
     * λ/2 · Σ F·(θ − θ*)² over the anchored tensors, a differentiable scalar in {@code scope}; 0
     * before the first task closed. Tensors of {@code params} without a Fisher are not penalized.
     */
    public NDArray penalty(NDManager scope, Map<String, NDArray> params) {
        try (NDScope ignored = new NDScope()) {
            ignored.suppressNotUsedWarning();
            NDArray total = null;
            for (Map.Entry<String, NDArray> e : fisher.entrySet()) {
                NDArray theta = params.get(e.getKey());
                if (theta == null) {
                    continue;
                }
                NDArray diff = theta.sub(anchor.get(e.getKey()).toType(theta.getDataType(), false));
                NDArray term = diff.square().mul(e.getValue().toType(theta.getDataType(), false)).sum();
                total = total == null ? term : total.add(term);
            }
            NDArray result = total == null ? scope.zeros(new Shape()) : Scalars.mul(total, (float) (lambda / 2));
            NDScope.unregister(result);
            result.attach(scope);
            return result;
        }
    }

    @Override
    public void close() {
        manager.close();
    }

    private NDArray keep(NDArray array) {
        NDScope.unregister(array);
        array.attach(manager);
        return array;
    }
}
