package org.tasl.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.tasl.eval.ContinualMetrics;
import org.tasl.event.RunEvent;
import org.tasl.event.RunEvent.Type;

/**
 * A continual-learning run without a model: the events and files a TaSLoRA run over four
 * tasks writes (docs/ARCHITECTURE.md), with rank units over layers × modules × ranks whose
 * importance concentrates, task by task, in different places. Deterministic: the same
 * arguments give the same run.
 */
final class SimulatedRun {
    static final List<String> TASKS = List.of("dbpedia", "amazon", "yahoo", "agnews");
    static final List<String> MODULES = List.of("attention.self.query", "attention.self.key",
            "attention.self.value", "attention.output.dense", "intermediate.dense", "output.dense");
    static final int LAYERS = 4;
    static final int RANKS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    final String runId;
    final int stepsPerTask;
    final int snapshotEvery;
    final List<String> tasks;

    SimulatedRun(String runId, int tasks, int stepsPerTask, int snapshotEvery) {
        this.runId = runId;
        this.tasks = TASKS.subList(0, tasks);
        this.stepsPerTask = stepsPerTask;
        this.snapshotEvery = snapshotEvery;
    }

    /** Score of rank {@code r} of {@code module} in {@code layer} during task k at progress p in (0,1]. */
    static double score(int task, int layer, int module, int rank, double p) {
        double hot = (layer == task % LAYERS ? 1.0 : 0.15) * (module == (2 * task) % MODULES.size() ? 1.0 : 0.3);
        return p * (hot / (1 + rank) + 0.01 * ((layer * 7 + module * 3 + rank) % 5));
    }

    static String unitName(int layer, String module, int rank) {
        return "encoder.layer." + layer + "." + module + "#rank" + rank;
    }

    /** Importance snapshot units of task k at progress p. */
    static List<Map<String, Object>> snapshotUnits(int task, double p) {
        List<Map<String, Object>> units = new ArrayList<>();
        for (int l = 0; l < LAYERS; l++) {
            for (int m = 0; m < MODULES.size(); m++) {
                for (int r = 0; r < RANKS; r++) {
                    Map<String, Object> u = new LinkedHashMap<>();
                    u.put("unit", unitName(l, MODULES.get(m), r));
                    u.put("layer", l);
                    u.put("module", MODULES.get(m));
                    u.put("kind", "rank");
                    u.put("rank", r);
                    u.put("score", score(task, l, m, r, p));
                    units.add(u);
                }
            }
        }
        return units;
    }

    /** Consolidation units of task k: cumulative importance and static categories. */
    static List<Map<String, Object>> consolidationUnits(int task) {
        List<Map<String, Object>> units = snapshotUnits(task, 1.0);
        for (Map<String, Object> u : units) {
            int l = (Integer) u.get("layer");
            int m = MODULES.indexOf((String) u.get("module"));
            int r = (Integer) u.get("rank");
            double cur = (Double) u.get("score");
            double prev = 0;
            for (int k = 0; k < task; k++) {
                prev = 0.5 * prev + 0.5 * score(k, l, m, r, 1.0);
            }
            boolean importantPrev = prev > 0.12;
            boolean importantCur = cur > 0.12;
            String category = task == 0 ? "initial" : importantPrev && importantCur ? "both"
                    : importantPrev ? "previous" : importantCur ? "current" : "neither";
            double weight = switch (category) {
                case "both" -> 0.3;
                case "previous" -> 0.0;
                case "current", "initial" -> 1.0;
                default -> 0.5;
            };
            u.put("cumulative", task == 0 ? cur : 0.5 * prev + 0.5 * cur);
            u.put("category", category);
            u.put("weight", weight);
        }
        return units;
    }

    /** Accuracy after task j on task i: learnt tasks decay a little with each later task. */
    static double accuracy(int j, int i) {
        if (i > j) {
            return Math.round((0.1 + 0.01 * i) * 10000) / 10000.0;
        }
        return Math.round((0.9 - 0.05 * i - 0.03 * (j - i)) * 10000) / 10000.0;
    }

    List<Double> row(int j) {
        List<Double> row = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            row.add(accuracy(j, i));
        }
        return row;
    }

    /** Publishes the whole run, in order, to {@code sink}; {@code afterStep} runs after each step event. */
    void play(Consumer<RunEvent> sink, Runnable afterStep) {
        Map<String, Object> config = config("taslora");
        sink.accept(RunEvent.of(Type.RUN_STARTED, runId, map("method", "taslora", "backbone", "bert-tiny",
                "benchmark", "standard", "tasks", tasks, "config", config, "out", runId)));
        List<List<Double>> matrix = new ArrayList<>();
        for (int k = 0; k < tasks.size(); k++) {
            String name = tasks.get(k);
            sink.accept(RunEvent.of(Type.TASK_STARTED, runId, map("task", k, "task_name", name, "train_size", 64, "steps", stepsPerTask)));
            for (int s = 1; s <= stepsPerTask; s++) {
                double loss = 2.0 * Math.exp(-3.0 * s / stepsPerTask) + 0.1 * k;
                sink.accept(RunEvent.of(Type.STEP, runId, map("task", k, "task_name", name, "step", s, "steps", stepsPerTask,
                        "loss", loss, "lr", 1e-3)));
                if (s % snapshotEvery == 0) {
                    sink.accept(RunEvent.of(Type.IMPORTANCE_SNAPSHOT, runId, map("task", k, "task_name", name, "step", s,
                            "units", snapshotUnits(k, (double) s / stepsPerTask))));
                }
                afterStep.run();
            }
            sink.accept(RunEvent.of(Type.TASK_TRAINED, runId, map("task", k, "task_name", name, "steps", stepsPerTask,
                    "skipped_steps", 0, "seconds", 1.5)));
            sink.accept(RunEvent.of(Type.CONSOLIDATION, runId, map("task", k, "task_name", name, "strategy", "static",
                    "units", consolidationUnits(k))));
            matrix.add(row(k));
            sink.accept(RunEvent.of(Type.TASK_EVALUATED, runId, map("task", k, "task_name", name, "row", row(k),
                    "tasks", tasks, "metric", "accuracy")));
            sink.accept(RunEvent.of(Type.TASK_COMPLETED, runId, map("task", k, "task_name", name, "seconds", 2.0)));
        }
        double[][] a = toArray(matrix);
        sink.accept(RunEvent.of(Type.RUN_FINISHED, runId, map("status", "completed", "ap", ContinualMetrics.ap(a),
                "bwt", ContinualMetrics.bwt(a), "fwt", 0.0, "fwt_raw", 0.0, "accuracy_matrix", matrix, "seconds", 8.0)));
    }

    Map<String, Object> config(String method) {
        return map("method", method, "backbone", "bert-tiny", "benchmark", "standard", "order", 1,
                "tasks", tasks, "seed", 42, "lora_rank", RANKS, "tau", 0.5, "beta", 0.85);
    }

    /** Writes the complete run directory a finished run leaves: every file of the contract. */
    void writeCompleted(Path dir) {
        try {
            Files.createDirectories(dir);
            writeAtomically(dir.resolve("config.json"), JSON.writeValueAsString(config("taslora")));
            StringBuilder events = new StringBuilder();
            play(e -> events.append(toLine(e)), () -> { });
            writeAtomically(dir.resolve("events.jsonl"), events.toString());
            StringBuilder csv = new StringBuilder("after_task," + String.join(",", tasks) + "\n");
            List<List<Double>> matrix = new ArrayList<>();
            for (int k = 0; k < tasks.size(); k++) {
                List<Double> row = row(k);
                matrix.add(row);
                csv.append(tasks.get(k));
                row.forEach(v -> csv.append(',').append(v));
                csv.append('\n');
                writeTask(dir, k);
            }
            writeAtomically(dir.resolve("accuracy_matrix.csv"), csv.toString());
            double[][] a = toArray(matrix);
            Map<String, Object> results = map("method", "taslora", "backbone", "bert-tiny", "benchmark", "standard",
                    "order", 1, "tasks", tasks, "accuracy_matrix", matrix, "ap", ContinualMetrics.ap(a),
                    "bwt", ContinualMetrics.bwt(a), "fwt", 0.0, "fwt_raw", 0.0, "baseline_scores", List.of(),
                    "seconds", 8.0, "metric", "accuracy", "status", "completed");
            writeAtomically(dir.resolve("results.json"), JSON.writeValueAsString(results));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** tasks/NN-name/units.csv and task.json of task k. */
    void writeTask(Path dir, int k) throws IOException {
        Path t = dir.resolve("tasks").resolve(String.format("%02d-%s", k, tasks.get(k)));
        Files.createDirectories(t);
        StringBuilder units = new StringBuilder("unit,layer,module,kind,rank,importance,cumulative,category,weight\n");
        for (Map<String, Object> u : consolidationUnits(k)) {
            units.append(u.get("unit")).append(',').append(u.get("layer")).append(',').append(u.get("module")).append(',')
                    .append(u.get("kind")).append(',').append(u.get("rank")).append(',').append(u.get("score")).append(',')
                    .append(u.get("cumulative")).append(',').append(u.get("category")).append(',').append(u.get("weight")).append('\n');
        }
        writeAtomically(t.resolve("units.csv"), units.toString());
        writeAtomically(t.resolve("task.json"), JSON.writeValueAsString(map("task", k, "name", tasks.get(k), "row", row(k),
                "seconds", 2.0, "steps", stepsPerTask, "skipped_steps", 0)));
    }

    static String toLine(RunEvent e) {
        try {
            return JSON.writeValueAsString(e.toJson()) + "\n";
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static double[][] toArray(List<List<Double>> rows) {
        return rows.stream().map(r -> r.stream().mapToDouble(Double::doubleValue).toArray()).toArray(double[][]::new);
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
