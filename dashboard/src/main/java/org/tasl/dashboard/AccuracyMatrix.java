package org.tasl.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The accuracy matrix as far as a run got: row j holds the scores on every task after training
 * task j. AP and BWT are given after each row, as TASL_SPEC.md defines them for the last row:
 * AP_j = mean_{i<=j} a[j][i], BWT_j = mean_{i<j} (a[j][i] - a[i][i]) (undefined for j = 0).
 */
public record AccuracyMatrix(List<String> tasks, List<List<Double>> rows) {

    public AccuracyMatrix {
        tasks = List.copyOf(tasks);
        rows = rows.stream().map(r -> (List<Double>) new ArrayList<>(r)).toList();
    }

    /** Rows up to the last one holding any score: a file written early has empty rows for tasks not yet done. */
    static List<List<Double>> trimmed(List<List<Double>> rows) {
        int n = rows.size();
        while (n > 0 && rows.get(n - 1).stream().allMatch(v -> v == null)) {
            n--;
        }
        return rows.subList(0, n);
    }

    public static AccuracyMatrix empty(List<String> tasks) {
        return new AccuracyMatrix(tasks, List.of());
    }

    public Double ap(int j) {
        List<Double> row = rows.get(j);
        double sum = 0;
        int n = 0;
        for (int i = 0; i <= j && i < row.size(); i++) {
            if (row.get(i) != null) {
                sum += row.get(i);
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    public Double bwt(int j) {
        if (j == 0) {
            return null;
        }
        List<Double> row = rows.get(j);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < j && i < row.size(); i++) {
            Double now = row.get(i);
            Double then = i < rows.size() && i < rows.get(i).size() ? rows.get(i).get(i) : null;
            if (now != null && then != null) {
                sum += now - then;
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    /** {"tasks":[...], "matrix":[[...]], "ap":[per row], "bwt":[per row]}. */
    public Map<String, Object> toJson() {
        List<Double> ap = new ArrayList<>();
        List<Double> bwt = new ArrayList<>();
        for (int j = 0; j < rows.size(); j++) {
            ap.add(ap(j));
            bwt.add(bwt(j));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tasks", tasks);
        m.put("matrix", rows);
        m.put("ap", ap);
        m.put("bwt", bwt);
        return m;
    }
}
