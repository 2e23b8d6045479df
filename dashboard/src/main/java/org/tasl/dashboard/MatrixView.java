package org.tasl.dashboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tasl.eval.ContinualMetrics;

/**
 * The accuracy matrix as far as a run got, as the API shows it: row j holds the scores on
 * every task after training task j (null where not computed), with AP and BWT after each row.
 * AP_j and BWT_j are core's {@link ContinualMetrics} (TASL_SPEC §8) of the leading
 * (j+1)×(j+1) matrix, so a missing cell makes them null, as it makes the run's own AP/BWT NaN,
 * rather than an average over fewer tasks than the spec's.
 */
record MatrixView(List<String> tasks, List<List<Double>> rows) {

    MatrixView {
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

    /** AP after task j (null when undefined). */
    Double ap(int j) {
        return orNull(ContinualMetrics.ap(leading(j)));
    }

    /** BWT after task j (null for j = 0 and when undefined). */
    Double bwt(int j) {
        return orNull(ContinualMetrics.bwt(leading(j)));
    }

    /** {"tasks":[...], "matrix":[[...]], "ap":[per row], "bwt":[per row]}. */
    Map<String, Object> toJson() {
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

    /** Rows 0..j, columns 0..j, null as NaN. */
    private double[][] leading(int j) {
        double[][] a = new double[j + 1][j + 1];
        for (int r = 0; r <= j; r++) {
            Arrays.fill(a[r], Double.NaN);
            List<Double> row = rows.get(r);
            for (int i = 0; i <= j && i < row.size(); i++) {
                Double v = row.get(i);
                a[r][i] = v == null ? Double.NaN : v;
            }
        }
        return a;
    }

    private static Double orNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
