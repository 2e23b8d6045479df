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
 */
public record RunResults(String method, String backbone, String benchmark, Integer order, List<String> tasks,
                         double[][] accuracyMatrix, double ap, double bwt, double fwt, double fwtRaw,
                         double[] baselineScores, double seconds, String metric, String status,
                         String precision) {

    /** Results whose AP/BWT/FWT/FWT_raw are computed from the matrix and baseline (TASL_SPEC §8). */
    public static RunResults of(String method, String backbone, String benchmark, Integer order, List<String> tasks,
                                double[][] matrix, double[] baseline, double seconds, String metric, String status) {
        ContinualMetrics cm = ContinualMetrics.of(matrix, baseline);
        return new RunResults(method, backbone, benchmark, order, List.copyOf(tasks), matrix, cm.ap(), cm.bwt(),
                cm.fwt(), cm.fwtRaw(), baseline, seconds, metric, status, "fp32");
    }

    /** The same results recording the compute precision of the run. */
    public RunResults withPrecision(String p) {
        return new RunResults(method, backbone, benchmark, order, tasks, accuracyMatrix, ap, bwt, fwt, fwtRaw,
                baselineScores, seconds, metric, status, p);
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
                Json.number(m, "seconds", source), m.get("metric") == null ? null : String.valueOf(m.get("metric")),
                m.get("status") == null ? null : String.valueOf(m.get("status")),
                m.get("precision") == null ? null : String.valueOf(m.get("precision")));
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
