package org.tasl.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tasl.cl.UnitRecord;
import org.tasl.eval.AccuracyMatrix;
import org.tasl.strategy.LearnerSink;
import org.tasl.strategy.TaskRecord;
import org.tasl.strategy.TensorFiles;

/**
 * The learning loop's output kept as a run directory: baseline.json, {@code tasks/NN-name/}
 * theta.safetensors, theta_hat.safetensors, units.csv, task.json and accuracy_matrix.csv
 * (docs/ARCHITECTURE.md). Reading it back is what resume and what-if consolidation do.
 */
public final class RunDirectorySink implements LearnerSink {
    private final RunDirectory dir;

    public RunDirectorySink(RunDirectory dir) {
        this.dir = dir;
    }

    @Override
    public double[] savedBaseline() {
        return BaselineScores.read(dir);
    }

    @Override
    public void baseline(double[] scores) {
        BaselineScores.write(dir, scores);
    }

    @Override
    public List<TaskRecord> completed(List<String> tasks) {
        return dir.completedTasks(tasks);
    }

    @Override
    public void adapters(int task, String name, Stage stage, Map<String, NDArray> tensors) {
        TensorFiles.write(file(task, name, stage), tensors);
    }

    @Override
    public Map<String, NDArray> loadAdapters(int task, String name, Stage stage, NDManager manager) {
        Path f = file(task, name, stage);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(f + " is missing: the run did not complete task " + task);
        }
        return TensorFiles.read(f, manager);
    }

    private Path file(int task, String name, Stage stage) {
        return dir.taskDir(task, name).resolve(stage == Stage.THETA ? RunDirectory.THETA : RunDirectory.THETA_HAT);
    }

    @Override
    public void units(int task, String name, List<UnitRecord> units) {
        dir.writeUnits(task, name, units);
    }

    @Override
    public List<UnitRecord> savedUnits(int task, String name) {
        return RunDirectory.readUnits(dir.taskDir(task, name).resolve(RunDirectory.UNITS));
    }

    @Override
    public Path pluginDir(int task, String name) {
        return dir.taskDir(task, name);
    }

    @Override
    public void taskCompleted(TaskRecord record, AccuracyMatrix matrix) {
        // task.json is written last: its presence marks the task as completed for --resume.
        dir.writeAccuracyMatrix(matrix);
        dir.writeTaskRecord(record);
    }
}
