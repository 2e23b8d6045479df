package org.tasl.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tasl.eval.ContinualMetrics;
import org.tasl.util.Json;

/**
 * The content of {@code results.json}: what a run produced, in the keys the issue and the
 * dashboard read. NaN (a cell not computed, FWT with one task) is written as null.
 *
 * @param order   the built-in task order, or null for a custom task list
 * @param status  "completed", "interrupted" or "failed"
 * @param precision "fp32" or "bf16" (the run option {@code precision}); null in files written before it existed
 * @param tasksCompleted    how many tasks the run completed (task.json written), in stream order; null when
 *                          not recorded (files written before it existed, results made outside a run)
 * @param lastCompletedTask the name of the last of them, where {@code --resume} continues after; null when
 *                          none completed or not recorded
 * @param error             why a {@code failed} run stopped (the exception's type and message); null otherwise
 */
public record RunResults(String method, String backbone, String benchmark, Integer order, List<String> tasks,
                         double[][] accuracyMatrix, double ap, double bwt, double fwt, double fwtRaw,
                         double[] baselineScores, double seconds, String metric, String status,
                         String precision, Integer tasksCompleted, String lastCompletedTask, String error) {

    /** Results whose AP/BWT/FWT/FWT_raw are computed from the matrix and baseline (TASL_SPEC §8). */
    public static RunResults of(String method, String backbone, String benchmark, Integer order, List<String> tasks,
                                double[][] matrix, double[] baseline, double seconds, String metric, String status) {
        ContinualMetrics cm = ContinualMetrics.of(matrix, baseline);
        return new RunResults(method, backbone, benchmark, order, List.copyOf(tasks), matrix, cm.ap(), cm.bwt(),
                cm.fwt(), cm.fwtRaw(), baseline, seconds, metric, status, "fp32", null, null, null);
    }

    /** The same results recording the compute precision of the run. */
    public RunResults withPrecision(String p) {
        return new RunResults(method, backbone, benchmark, order, tasks, accuracyMatrix, ap, bwt, fwt, fwtRaw,
                baselineScores, seconds, metric, status, p, tasksCompleted, lastCompletedTask, error);
    }

    /**
     * The same results recording how far the run got ({@code completed} tasks, the last of them
     * named {@code last}, null when none) and, for a failed run, its {@code error}.
     */
    public RunResults withProgress(int completed, String last, String error) {
        return new RunResults(method, backbone, benchmark, order, tasks, accuracyMatrix, ap, bwt, fwt, fwtRaw,
                baselineScores, seconds, metric, status, precision, completed, last, error);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("backbone", backbone);
        m.put("benchmark", benchmark);
        m.put("order", order);
        m.put("tasks", tasks);
        m.put("accuracy_matrix", Json.sanitize(accuracyMatrix));
        m.put("ap", Json.sanitize(ap));
        m.put("bwt", Json.sanitize(bwt));
        m.put("fwt", Json.sanitize(fwt));
        m.put("fwt_raw", Json.sanitize(fwtRaw));
        m.put("baseline_scores", baselineScores == null ? null : Json.sanitize(baselineScores));
        m.put("seconds", seconds);
        m.put("metric", metric);
        m.put("status", status);
        if (precision != null) {
            m.put("precision", precision);
        }
        if (tasksCompleted != null) {
            m.put("tasks_completed", tasksCompleted);
            m.put("last_completed_task", lastCompletedTask);
        }
        if (error != null) {
            m.put("error", error);
        }
        return m;
    }

    public static RunResults fromJson(Map<String, Object> m, String source) {
        for (String k : List.of("method", "backbone", "benchmark", "tasks", "accuracy_matrix", "ap", "bwt", "fwt",
                "fwt_raw", "seconds")) {
            if (!m.containsKey(k)) {
                throw new IllegalArgumentException(source + ": missing field '" + k + "'");
            }
        }
        List<String> tasks = new ArrayList<>();
        for (Object t : Json.list(m, "tasks", source)) {
            tasks.add(String.valueOf(t));
        }
        List<?> rows = Json.list(m, "accuracy_matrix", source);
        if (rows.size() != tasks.size()) {
            throw new IllegalArgumentException(source + ": 'accuracy_matrix' has " + rows.size() + " rows for "
                    + tasks.size() + " tasks");
        }
        double[][] matrix = new double[rows.size()][];
        for (int j = 0; j < rows.size(); j++) {
            matrix[j] = Json.doubles(rows.get(j), source + ": accuracy_matrix[" + j + "]");
            if (matrix[j].length != tasks.size()) {
                throw new IllegalArgumentException(source + ": accuracy_matrix[" + j + "] has " + matrix[j].length
                        + " scores for " + tasks.size() + " tasks");
            }
        }
        Object order = m.get("order");
        Object baseline = m.get("baseline_scores");
        return new RunResults(Json.string(m, "method", source), Json.string(m, "backbone", source),
                Json.string(m, "benchmark", source), order instanceof Number n ? n.intValue() : null, tasks, matrix,
                Json.number(m, "ap", source), Json.number(m, "bwt", source), Json.number(m, "fwt", source),
                Json.number(m, "fwt_raw", source),
                baseline == null ? null : Json.doubles(baseline, source + ": field 'baseline_scores'"),
                Json.number(m, "seconds", source), optional(m, "metric"), optional(m, "status"), optional(m, "precision"),
                m.get("tasks_completed") instanceof Number done ? done.intValue() : null,
                optional(m, "last_completed_task"), optional(m, "error"));
    }

    private static String optional(Map<String, Object> m, String key) {
        return m.get(key) == null ? null : String.valueOf(m.get(key));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunResults r && toJsonString().equals(r.toJsonString());
    }

    @Override
    public int hashCode() {
        return toJsonString().hashCode();
    }

    private String toJsonString() {
        return Json.compact(toJson());
    }

    @Override
    public String toString() {
        return "RunResults" + toJson() + " " + Arrays.deepToString(accuracyMatrix);
    }
}
