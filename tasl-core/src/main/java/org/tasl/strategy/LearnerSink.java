package org.tasl.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tasl.cl.UnitRecord;
import org.tasl.eval.AccuracyMatrix;

/**
 * Where the learning loop puts what it produced, and where a resumed loop (or a what-if) finds
 * what was produced before. The loop only says what happened — the baseline, θ_k and θ̂_k of a
 * task, its skill-unit records, a completed task — and the run layer decides how that is kept
 * (the run layer's {@code RunDirectorySink}: the files of a run directory). Declared here so that
 * the methods need nothing of the run layer.
 */
public interface LearnerSink {
    /** Which tensors of a task: θ_k right after training, θ̂_k after consolidation (what is carried on). */
    enum Stage { THETA, THETA_HAT }

    /** b_i that an earlier attempt of this run saved, or null when there is none yet. */
    double[] savedBaseline();

    /** b_i of TASL_SPEC §8: the starting backbone's score on every task. */
    void baseline(double[] scores);

    /**
     * The tasks an earlier attempt completed, in order (0, 1, ... up to the first gap); an error
     * when their names are not {@code tasks}' (the saved run belongs to another stream).
     */
    List<TaskRecord> completed(List<String> tasks);

    /** The tensors of task {@code task} at a stage (PEFT names for LoRA methods). */
    void adapters(int task, String name, Stage stage, Map<String, NDArray> tensors);

    /**
     * The tensors {@link #adapters} kept for a task at a stage, as arrays owned by {@code manager};
     * an error naming what is missing when they were never kept.
     */
    Map<String, NDArray> loadAdapters(int task, String name, Stage stage, NDManager manager);

    /** The skill units of a task: importance, cumulative importance and the consolidation decision. */
    void units(int task, String name, List<UnitRecord> units);

    /** The records {@link #units} kept for a task. */
    List<UnitRecord> savedUnits(int task, String name);

    /** The folder where plugins keep what a resumed run needs of them ({@link TrainingPlugin#save}). */
    Path pluginDir(int task, String name);

    /**
     * A task is done: its record and the accuracy matrix so far. Called last for a task, after
     * its adapters and units: a resumed run continues after the last completed task.
     */
    void taskCompleted(TaskRecord record, AccuracyMatrix matrix);
}
