package org.tasl.fake;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tasl.cl.ImportanceMetric;
import org.tasl.event.EventBus;
import org.tasl.event.RunEvent;
import org.tasl.event.RunListener;

/**
 * Test double of Experiment. Two skill units (one weight tensor per layer 0 and 1). Every
 * step scores them with the importance metric on real DJL arrays:
 * w_l = (l+1)·[[0.5,-1,2],[1.5,0.25,-0.5]], g_k = (k+1)·[[0.1,0.2,-0.3],[0.4,-0.5,0.6]];
 * a unit's importance for task k is the sum of its element scores (default |w⊙g|, so
 * 1.875 for layer 0 after task 0). Accuracy after task j on task i ≤ j is 0.9 − 0.1·(j−i),
 * 0.5 on tasks not yet seen.
 */
public final class FakeExperiment {
    static final float[] W = {0.5f, -1f, 2f, 1.5f, 0.25f, -0.5f};
    static final float[] G = {0.1f, 0.2f, -0.3f, 0.4f, -0.5f, 0.6f};
    private final FakeBenchmark bench;
    private final FakeRunConfig config;
    private final EventBus bus = new EventBus();
    private volatile boolean cancelled;
    private ImportanceMetric metric = (w, g) -> w.mul(g).abs();

    FakeExperiment(FakeBenchmark bench, FakeRunConfig config) {
        this.bench = bench;
        this.config = config;
    }

    public void addListener(RunListener l) { bus.add(l); }
    public void setImportanceMetric(ImportanceMetric m) { this.metric = m; }
    public void cancel() { cancelled = true; }

    public Path outDir() {
        Object out = config.get("out");
        return out == null ? null : Path.of(out.toString());
    }

    public FakeRunResult run() {
        return run(null);
    }

    public FakeRunResult run(RunListener extra) {
        String runId = "fake-" + config.get("method");
        List<String> tasks = bench.tasks();
        int n = tasks.size();
        int steps = ((Number) config.get("steps")).intValue();
        long stepMs = config.get("step_ms") == null ? 0 : ((Number) config.get("step_ms")).longValue();
        Object failAt = config.get("fail_at_task");
        RunListener out = e -> {
            bus.onEvent(e);
            if (extra != null) {
                extra.onEvent(e);
            }
        };
        emit(out, runId, RunEvent.Type.RUN_STARTED, Map.of("method", config.get("method"), "backbone", config.get("backbone"),
                "benchmark", bench.name(), "tasks", tasks, "config", config.toMap(), "out", String.valueOf(outDir())));
        double[][] matrix = new double[n][n];
        List<List<FakeUnitRecord>> units = new ArrayList<>();
        int done = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int k = 0; k < n && !cancelled; k++) {
                String name = tasks.get(k);
                if (failAt != null && ((Number) failAt).intValue() == k) {
                    throw new IllegalStateException("training diverged at task " + k + " (" + name + ")");
                }
                emit(out, runId, RunEvent.Type.TASK_STARTED, Map.of("task", k, "task_name", name,
                        "train_size", bench.trainPerTask(), "steps", steps));
                double[] scores = new double[2];
                for (int s = 1; s <= steps && !cancelled; s++) {
                    for (int l = 0; l < 2; l++) {
                        scores[l] = score(manager, l, k);
                    }
                    emit(out, runId, RunEvent.Type.STEP, Map.of("task", k, "task_name", name, "step", s,
                            "steps", steps, "loss", 1.0 / s, "lr", 1e-3));
                    if (stepMs > 0) {
                        sleep(stepMs);
                    }
                }
                if (cancelled) {
                    break;
                }
                List<FakeUnitRecord> recs = new ArrayList<>();
                List<Map<String, Object>> wire = new ArrayList<>();
                for (int l = 0; l < 2; l++) {
                    String module = "attention.self.query";
                    String unit = "encoder.layer." + l + "." + module + ".weight";
                    String category = l == 0 ? "current" : "previous";
                    double weight = l == 0 ? 1.0 : 0.0;
                    recs.add(new FakeUnitRecord(unit, l, module, "tensor", -1, scores[l], scores[l], category, weight));
                    Map<String, Object> u = new LinkedHashMap<>();
                    u.put("unit", unit);
                    u.put("layer", l);
                    u.put("module", module);
                    u.put("kind", "tensor");
                    u.put("rank", -1);
                    u.put("score", scores[l]);
                    wire.add(u);
                }
                units.add(recs);
                emit(out, runId, RunEvent.Type.IMPORTANCE_SNAPSHOT, Map.of("task", k, "task_name", name, "step", steps, "units", wire));
                emit(out, runId, RunEvent.Type.TASK_TRAINED, Map.of("task", k, "task_name", name, "steps", steps,
                        "skipped_steps", 0, "seconds", 0.01));
                emit(out, runId, RunEvent.Type.CONSOLIDATION, Map.of("task", k, "task_name", name, "strategy", "static", "units", wire));
                for (int i = 0; i < n; i++) {
                    matrix[k][i] = i <= k ? 0.9 - 0.1 * (k - i) : 0.5;
                }
                List<Double> row = new ArrayList<>();
                for (double v : matrix[k]) {
                    row.add(v);
                }
                emit(out, runId, RunEvent.Type.TASK_EVALUATED, Map.of("task", k, "task_name", name, "row", row,
                        "tasks", tasks, "metric", "accuracy"));
                emit(out, runId, RunEvent.Type.TASK_COMPLETED, Map.of("task", k, "task_name", name, "seconds", 0.01));
                done++;
            }
        }
        double[][] kept = java.util.Arrays.copyOf(matrix, Math.max(done, 1));
        String status = cancelled ? "interrupted" : "completed";
        FakeRunResult r = new FakeRunResult((String) config.get("method"), (String) config.get("backbone"), bench.name(),
                tasks, kept, outDir(), units, status);
        Map<String, Object> fin = new LinkedHashMap<>();
        fin.put("status", status);
        fin.put("ap", r.ap());
        fin.put("bwt", r.bwt());
        fin.put("fwt", r.fwt());
        fin.put("fwt_raw", r.fwtRaw());
        fin.put("seconds", r.seconds());
        emit(out, runId, RunEvent.Type.RUN_FINISHED, fin);
        return r;
    }

    private double score(NDManager manager, int layer, int task) {
        try (NDManager step = manager.newSubManager()) {
            NDArray w = step.create(W, new Shape(2, 3)).mul(layer + 1);
            NDArray g = step.create(G, new Shape(2, 3)).mul(task + 1);
            NDArray s = metric.score(w, g);
            double sum = s.sum().getFloat();
            s.close();
            return sum;
        }
    }

    private static void emit(RunListener l, String run, RunEvent.Type type, Map<String, Object> data) {
        l.onEvent(RunEvent.of(type, run, data));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
