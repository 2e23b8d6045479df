package org.tasl.dashboard;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard reads from a run directory (layout in docs/ARCHITECTURE.md). Kept as an
 * interface so the Jackson reader here can give way to {@code org.tasl.run.RunDirectory}
 * without touching the server.
 */
public interface RunReader {

    /** config.json, or null when absent. */
    Map<String, Object> config(Path runDir);

    /** results.json, or null when the run has not finished. */
    Map<String, Object> results(Path runDir);

    /** Indexes of the tasks whose tasks/NN-name/units.csv exists, ascending. */
    List<Integer> tasksWithUnits(Path runDir);

    /**
     * tasks/NN-name/units.csv of task {@code task} as rows with keys unit, layer, module, kind,
     * rank, score, cumulative, category, weight; null when that file does not exist.
     */
    List<Map<String, Object>> units(Path runDir, int task);

    /** The task.json of every finished task, in task order. */
    List<Map<String, Object>> taskRecords(Path runDir);

    /** accuracy_matrix.csv as task names and rows (row j = scores after task j); null if absent. */
    AccuracyMatrix accuracyMatrix(Path runDir);

    /** The newest modification time of the run's files, epoch ms (for sorting the run list). */
    long lastModified(Path runDir);
}
