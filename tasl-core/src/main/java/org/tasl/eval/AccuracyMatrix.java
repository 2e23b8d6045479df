package org.tasl.eval;

import java.util.Arrays;
import java.util.List;

/**
 * a[j][i] = score on task i after training task j (TASL_SPEC §8). Row j is filled when task j
 * has been trained and evaluated on every task; cells not computed (yet) are NaN.
 */
public final class AccuracyMatrix {
    private final List<String> tasks;
    private final double[][] a;

    public AccuracyMatrix(List<String> tasks) {
        this.tasks = List.copyOf(tasks);
        int n = tasks.size();
        this.a = new double[n][n];
        for (double[] row : a) {
            Arrays.fill(row, Double.NaN);
        }
    }

    public static AccuracyMatrix of(List<String> tasks, double[][] values) {
        AccuracyMatrix m = new AccuracyMatrix(tasks);
        if (values.length > tasks.size()) {
            throw new IllegalArgumentException("accuracy matrix has " + values.length + " rows for "
                    + tasks.size() + " tasks");
        }
        for (int j = 0; j < values.length; j++) {
            m.setRow(j, values[j]);
        }
        return m;
    }

    public int size() {
        return tasks.size();
    }

    public List<String> tasks() {
        return tasks;
    }

    public double get(int afterTask, int onTask) {
        return a[afterTask][onTask];
    }

    public void set(int afterTask, int onTask, double score) {
        a[afterTask][onTask] = score;
    }

    public void setRow(int afterTask, double[] row) {
        if (row.length != size()) {
            throw new IllegalArgumentException("row " + afterTask + " of the accuracy matrix has "
                    + row.length + " scores for " + size() + " tasks");
        }
        a[afterTask] = row.clone();
    }

    public double[] row(int afterTask) {
        return a[afterTask].clone();
    }

    /** True when every cell of row j is a number. */
    public boolean rowComplete(int afterTask) {
        for (double v : a[afterTask]) {
            if (Double.isNaN(v)) {
                return false;
            }
        }
        return true;
    }

    /** Number of leading complete rows (tasks trained and evaluated so far). */
    public int completedRows() {
        int j = 0;
        while (j < size() && rowComplete(j)) {
            j++;
        }
        return j;
    }

    public double[][] toArray() {
        double[][] out = new double[size()][];
        for (int j = 0; j < size(); j++) {
            out[j] = a[j].clone();
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < size(); j++) {
            sb.append(tasks.get(j)).append(": ").append(Arrays.toString(a[j])).append('\n');
        }
        return sb.toString();
    }
}
