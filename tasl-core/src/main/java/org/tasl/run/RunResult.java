package org.tasl.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tasl.cl.UnitRecord;
import org.tasl.event.RunEvent;

/**
 * What a run produced, read from its directory: the accuracy matrix and the continual metrics,
 * and per task the skill units with their importance and consolidation decision. Everything
 * here is computed from files, so a finished run and one loaded later look the same.
 */
public final class RunResult {
    private final RunDirectory dir;
    private final RunResults results;

    public RunResult(RunDirectory dir) {
        this.dir = dir;
        this.results = dir.readResults();
    }

    /** Opens a run directory (it must hold results.json). */
    public static RunResult load(Path path) {
        RunDirectory d = RunDirectory.open(path);
        if (!d.hasResults()) {
            throw new IllegalArgumentException(path + ": the run has no results.json yet (still running, or never finished a task)");
        }
        return new RunResult(d);
    }

    public String id() {
        return dir.dir().getFileName().toString();
    }

    public Path dir() {
        return dir.dir();
    }

    public String method() {
        return results.method();
    }

    public String backbone() {
        return results.backbone();
    }

    public String benchmark() {
        return results.benchmark();
    }

    public Integer order() {
        return results.order();
    }

    public String status() {
        return results.status();
    }

    public String metric() {
        return results.metric();
    }

    public List<String> tasks() {
        return results.tasks();
    }

    /** a[j][i]: score on task i after training task j (NaN where not computed). */
    public double[][] accuracyMatrix() {
        return results.accuracyMatrix();
    }

    public double ap() {
        return results.ap();
    }

    public double bwt() {
        return results.bwt();
    }

    public double fwt() {
        return results.fwt();
    }

    public double fwtRaw() {
        return results.fwtRaw();
    }

    public double[] baselineScores() {
        return results.baselineScores();
    }

    public double seconds() {
        return results.seconds();
    }

    public Map<String, Object> config() {
        return dir.readConfig();
    }

    /** The skill units of task k: importance I(U_k), cumulative Î_k, and the consolidation decision. */
    public List<UnitRecord> importance(int task) {
        checkTask(task);
        return dir.readUnits(task);
    }

    /** The same records as {@link #importance}; named for what a reader looks at. */
    public List<UnitRecord> consolidation(int task) {
        return importance(task);
    }

    /** The skill map of task k (importance per unit, layers × modules) as a PNG. */
    public byte[] importancePng(int task) {
        return org.tasl.chart.ImportanceMap.png(importance(task), method() + ": importance after " + tasks().get(task),
                org.tasl.chart.ImportanceMap.Value.IMPORTANCE);
    }

    /** The accuracy matrix as a PNG heatmap. */
    public byte[] matrixPng() {
        return org.tasl.chart.MatrixHeatmap.png(org.tasl.eval.AccuracyMatrix.of(tasks(), accuracyMatrix()),
                method() + ": accuracy matrix");
    }

    public List<RunEvent> events() {
        return dir.readEvents();
    }

    /** results.json as read. */
    public RunResults results() {
        return results;
    }

    /** results.json as a map (the keys of the issue). */
    public Map<String, Object> toJson() {
        return results.toJson();
    }

    private void checkTask(int task) {
        if (task < 0 || task >= tasks().size()) {
            throw new IllegalArgumentException("task index " + task + " is out of range: the run has "
                    + tasks().size() + " tasks " + tasks());
        }
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "RunResult(%s: %s on %s, AP %.1f, BWT %.1f, FWT %.1f, %s)", id(),
                method(), backbone(), ap(), bwt(), fwt(), status());
    }
}
