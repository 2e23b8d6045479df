package org.tasl.cl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tasl.nn.MultiTensor;
import org.tasl.nn.Scalars;
import org.tasl.train.HostTransfers;

/**
 * Element-wise importance of the trainable tensors while one task trains (TASL_SPEC §3): after
 * every optimizer step the instantaneous score s of the {@link ImportanceMetric} is smoothed by
 * two AdaLoRA-style exponential moving averages,
 *
 * <pre>
 *   Ī_t = β1·Ī_{t−1} + (1−β1)·s_t              (sensitivity)
 *   Ū_t = β2·Ū_{t−1} + (1−β2)·|s_t − Ī_t|       (uncertainty, from the updated Ī_t)
 *   S   = Ī ⊙ Ū                                 (final element score)
 * </pre>
 *
 * both starting at 0 and without bias correction. The first optimizer step of a task is skipped
 * (its gradient reflects the previous task's optimum more than this task), and a step on which
 * any tracked gradient holds NaN or ±Inf is skipped for every tensor and counted.
 *
 * <p>With the built-in metrics, float32 tensors and our native library, a step is one native
 * call ({@link MultiTensor}), the same ops as the loop. State lives in float32 on each tensor's own device, in this tracker's manager; every
 * temporary of a step is closed before the step returns. Call {@link #reset()} at the start of
 * every task and {@link #close()} when done.
 */
public final class ImportanceTracker implements AutoCloseable {

    public static final double DEFAULT_BETA1 = 0.85;
    public static final double DEFAULT_BETA2 = 0.85;

    private final NDManager manager;
    private final float beta1;
    private final float beta2;
    private ImportanceMetric metric;
    private final Map<String, NDArray> sensitivity = new LinkedHashMap<>();
    private final Map<String, NDArray> uncertainty = new LinkedHashMap<>();
    private int stepsSeen;
    private int stepsAccumulated;
    private int stepsSkipped;

    /** β1 = β2 = 0.85. */
    public ImportanceTracker(NDManager parent, ImportanceMetric metric) {
        this(parent, metric, DEFAULT_BETA1, DEFAULT_BETA2);
    }

    public ImportanceTracker(NDManager parent, ImportanceMetric metric, double beta1, double beta2) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("importance EMA betas must be in [0, 1): beta1=" + beta1 + ", beta2=" + beta2);
        }
        this.manager = parent.newSubManager();
        this.metric = Objects.requireNonNull(metric, "metric");
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
    }

    /** Replaces the metric; takes effect at the next step (the EMA state is kept). */
    public void setMetric(ImportanceMetric metric) {
        this.metric = Objects.requireNonNull(metric, "metric");
    }

    public ImportanceMetric metric() {
        return metric;
    }

    /**
     * Folds one optimizer step into the EMA. Call it after every optimizer step with the
     * parameters after the update and the (clipped, accumulated) gradients of that step; the
     * tracked tensors are the keys of {@code grads}. The caller keeps ownership of both maps.
     *
     * @return true when the step was accumulated; false when it was the task's first step or was
     *     skipped for a NaN/Inf gradient
     */
    public boolean update(Map<String, NDArray> params, Map<String, NDArray> grads) {
        return update(params, grads, true);
    }

    /**
     * {@link #update} for a caller that has already found every gradient of the step finite, as
     * the trainer does once per step before any plugin sees it: the same update without a
     * second finiteness check, which would cost another device→host transfer per step.
     *
     * @return true when the step was accumulated; false when it was the task's first step
     */
    public boolean updateFinite(Map<String, NDArray> params, Map<String, NDArray> grads) {
        return update(params, grads, false);
    }

    private boolean update(Map<String, NDArray> params, Map<String, NDArray> grads, boolean checkFinite) {
        boolean first = stepsSeen == 0;
        stepsSeen++;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (Map.Entry<String, NDArray> e : grads.entrySet()) {
                NDArray w = params.get(e.getKey());
                if (w == null) {
                    throw new IllegalArgumentException("gradient of " + e.getKey() + " has no parameter of that name");
                }
                if (!w.getShape().equals(e.getValue().getShape())) {
                    throw new IllegalArgumentException("gradient of " + e.getKey() + " has shape " + e.getValue().getShape()
                            + " but the parameter has shape " + w.getShape());
                }
                if (!sensitivity.containsKey(e.getKey())) {
                    sensitivity.put(e.getKey(), keep(w.zerosLike().toType(DataType.FLOAT32, false)));
                    uncertainty.put(e.getKey(), keep(w.zerosLike().toType(DataType.FLOAT32, false)));
                }
            }
            if (first) {
                return false;
            }
            if (checkFinite && anyNonFinite(grads)) {
                stepsSkipped++;
                return false;
            }
            MultiTensor.Score builtIn = builtIn(metric);
            if (builtIn != null && updateMulti(params, grads, builtIn)) {
                stepsAccumulated++;
                return true;
            }
            for (Map.Entry<String, NDArray> e : grads.entrySet()) {
                NDArray w = asFloat(params.get(e.getKey()).stopGradient());
                NDArray g = asFloat(e.getValue().stopGradient());
                NDArray s = metric.score(w, g);
                if (!s.getShape().equals(w.getShape())) {
                    throw new IllegalStateException("importance metric returned shape " + s.getShape() + " for "
                            + e.getKey() + " of shape " + w.getShape());
                }
                NDArray ibar = sensitivity.get(e.getKey());
                NDArray ubar = uncertainty.get(e.getKey());
                // With d = s − Ī_{t−1}: Ī_t = Ī_{t−1} + (1−β1)·d and s − Ī_t = β1·d, so
                // Ū_t = β2·Ū_{t−1} + (1−β2)·β1·|d| — the same EMA in fewer full-size passes.
                NDArray d = s.toType(DataType.FLOAT32, false).sub(ibar);
                ibar.addi(Scalars.mul(d, 1f - beta1));
                Scalars.muli(ubar, beta2).addi(Scalars.muli(d.abs(), (1f - beta2) * beta1));
            }
            stepsAccumulated++;
            return true;
        }
    }

    /**
     * The loop below for every tensor in one native call per op ({@link MultiTensor}: the same
     * float32 ops in the same order) when the metric is a built-in one and every tensor is a
     * float32 PyTorch array on one device; false (nothing done) otherwise.
     */
    private boolean updateMulti(Map<String, NDArray> params, Map<String, NDArray> grads, MultiTensor.Score score) {
        List<NDArray> ws = new ArrayList<>(grads.size());
        List<NDArray> gs = new ArrayList<>(grads.size());
        List<NDArray> is = new ArrayList<>(grads.size());
        List<NDArray> us = new ArrayList<>(grads.size());
        for (Map.Entry<String, NDArray> e : grads.entrySet()) {
            ws.add(params.get(e.getKey()));
            gs.add(e.getValue());
            is.add(sensitivity.get(e.getKey()));
            us.add(uncertainty.get(e.getKey()));
        }
        if (!MultiTensor.available(ws, gs, is, us)) {
            return false;
        }
        MultiTensor.importanceUpdate(ws, gs, is, us, score, beta1, beta2);
        return true;
    }

    /** The native code of a built-in metric; null for any other (it runs in the loop). */
    private static MultiTensor.Score builtIn(ImportanceMetric m) {
        if (m == ImportanceMetrics.FIRST_ORDER) {
            return MultiTensor.Score.FIRST_ORDER;
        }
        if (m == ImportanceMetrics.MIX) {
            return MultiTensor.Score.MIX;
        }
        return m == ImportanceMetrics.SECOND_ORDER ? MultiTensor.Score.SECOND_ORDER : null;
    }

    /** Optimizer steps accumulated into the EMA since the last reset. */
    public int steps() {
        return stepsAccumulated;
    }

    /** Steps skipped since the last reset because a gradient held NaN or ±Inf (not the first-step skip). */
    public int skippedSteps() {
        return stepsSkipped;
    }

    /** Forgets every score and counter: call at the start of each task. */
    public void reset() {
        sensitivity.values().forEach(NDArray::close);
        uncertainty.values().forEach(NDArray::close);
        sensitivity.clear();
        uncertainty.clear();
        stepsSeen = 0;
        stepsAccumulated = 0;
        stepsSkipped = 0;
    }

    /** The tracked tensor names. */
    public List<String> tensors() {
        return List.copyOf(sensitivity.keySet());
    }

    /**
     * A copy of the final element score S = Ī ⊙ Ū of one tensor, in {@code into} (float32, on the
     * tensor's device).
     */
    public NDArray elementScore(String tensor, NDManager into) {
        NDArray ibar = state(sensitivity, tensor, tensor);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray s = ibar.mul(uncertainty.get(tensor));
            NDScope.unregister(s);
            s.attach(into);
            return s;
        }
    }

    /**
     * I(U_k): one score per unit (TASL_SPEC §3.4), by unit name in the order of {@code units}.
     * A tensor unit (and a LoRA matrix unit) scores the mean of S over its elements; rank unit
     * (m, i) scores mean_p S_B[p, i] · mean_q S_A[i, q].
     *
     * @throws IllegalArgumentException when a unit covers a tensor this tracker never saw
     */
    public Map<String, Double> unitScores(List<SkillUnit> units) {
        double[] scores = snapshot(units);
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < scores.length; i++) {
            out.put(units.get(i).name(), scores[i]);
        }
        return out;
    }

    /**
     * The current unit scores, aligned with {@code units}: the same numbers as
     * {@link #unitScores}, computed on the device and copied to the host in one transfer, cheap
     * enough for live plots while the task trains.
     */
    public double[] snapshot(List<SkillUnit> units) {
        if (units.isEmpty()) {
            return new double[0];
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList pieces = new NDList();
            int[] offset = new int[units.size()];
            Map<String, Integer> rankOffsets = new HashMap<>();
            int next = 0;
            for (int i = 0; i < units.size(); i++) {
                SkillUnit u = units.get(i);
                if (u.kind() != SkillUnit.Kind.RANK) {
                    pieces.add(score(u.tensor(), u).mean().reshape(1));
                    offset[i] = next++;
                    continue;
                }
                Integer start = rankOffsets.get(u.tensor());
                if (start == null) {
                    NDArray sa = score(u.tensor(), u);
                    NDArray sb = score(u.bTensor(), u);
                    NDArray perRank = sb.mean(new int[] {0}).mul(sa.mean(new int[] {1}));
                    start = next;
                    rankOffsets.put(u.tensor(), start);
                    pieces.add(perRank);
                    next += (int) perRank.size();
                }
                if (u.rank() >= sensitivity.get(u.tensor()).getShape().get(0)) {
                    throw new IllegalArgumentException("rank unit " + u.name() + " is beyond the rank of " + u.tensor());
                }
                offset[i] = start + u.rank();
            }
            double[] all = HostTransfers.toDoubles(NDArrays.concat(pieces));
            double[] out = new double[units.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = all[offset[i]];
            }
            return out;
        }
    }

    @Override
    public void close() {
        reset();
        manager.close();
    }

    /** S = Ī ⊙ Ū in float64, so that products of small scores do not underflow. */
    private NDArray score(String tensor, SkillUnit unit) {
        NDArray ibar = state(sensitivity, tensor, unit.name());
        return ibar.toType(DataType.FLOAT64, false).mul(uncertainty.get(tensor).toType(DataType.FLOAT64, false));
    }

    private NDArray state(Map<String, NDArray> map, String tensor, String what) {
        NDArray a = map.get(tensor);
        if (a == null) {
            throw new IllegalArgumentException("no importance was tracked for tensor " + tensor + " (needed by " + what
                    + "); the tracker saw " + map.size() + " tensors: pass its gradient to update()");
        }
        return a;
    }

    private NDArray keep(NDArray array) {
        NDScope.unregister(array);
        array.attach(manager);
        return array;
    }

    private static NDArray asFloat(NDArray a) {
        DataType t = a.getDataType();
        return t == DataType.FLOAT32 || t == DataType.FLOAT64 ? a : a.toType(DataType.FLOAT32, false);
    }

    /**
     * Whether any gradient holds NaN or ±Inf: the sum of a tensor is NaN or infinite exactly then
     * (barring a float overflow of the sum itself, which only gradients near 1e38 reach), so one
     * reduction per tensor and one transfer to the host replace element-wise tests.
     */
    static boolean anyNonFinite(Map<String, NDArray> grads) {
        NDArray total = null;
        for (NDArray g : grads.values()) {
            NDArray sum = g.sum().toType(DataType.FLOAT64, false);
            total = total == null ? sum : total.add(sum.toDevice(total.getDevice(), false));
        }
        return total != null && !Double.isFinite(HostTransfers.toDoubles(total)[0]);
    }
}
