package org.tasl.polyglot;

import org.graalvm.polyglot.HostAccess.Export;
import org.tasl.eval.AccuracyMatrix;
import org.tasl.report.ImportanceMap;
import org.tasl.report.MatrixHeatmap;
import org.tasl.run.RunResult;

/**
 * Figures of a run for scripts, drawn by the core's report charts. Used when the facade's
 * RunResult does not offer {@code importancePng(int)} / {@code matrixPng()} itself
 * (ARCHITECTURE.md lists them; the Python/JS layers prefer them when present).
 */
public final class Plots {
    private Plots() {}

    @Export
    public static byte[] importancePng(RunResult r, int task) {
        return ImportanceMap.png(r.importance(task), r.method() + ": importance after " + r.tasks().get(task),
                ImportanceMap.Value.IMPORTANCE);
    }

    @Export
    public static byte[] matrixPng(RunResult r) {
        return MatrixHeatmap.png(AccuracyMatrix.of(r.tasks(), r.accuracyMatrix()), r.method() + ": accuracy matrix");
    }
}
