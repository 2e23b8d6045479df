package org.tasl.strategy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tasl.util.Json;

/**
 * {@code tasks/NN-name/task.json}: written last for a task, so its presence marks the task
 * completed (resume continues after the last one).
 *
 * @param row the scores on every task after this one (NaN where not evaluated)
 */
public record TaskRecord(int task, String name, double[] row, double seconds, int steps, int skippedSteps) {

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", task);
        m.put("name", name);
        m.put("row", Json.sanitize(row));
        m.put("seconds", seconds);
        m.put("steps", steps);
        m.put("skipped_steps", skippedSteps);
        return m;
    }

    public static TaskRecord fromJson(Map<String, Object> m, String source) {
        return new TaskRecord((int) Json.number(m, "task", source), Json.string(m, "name", source),
                Json.doubles(m.get("row"), source + ": field 'row'"), Json.number(m, "seconds", source),
                (int) Json.number(m, "steps", source), (int) Json.number(m, "skipped_steps", source));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskRecord t && t.task == task && t.name.equals(name)
                && java.util.Arrays.equals(t.row, row) && Double.compare(t.seconds, seconds) == 0
                && t.steps == steps && t.skippedSteps == skippedSteps;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(task, name, java.util.Arrays.hashCode(row), seconds, steps, skippedSteps);
    }

    @Override
    public String toString() {
        return "TaskRecord" + toJson();
    }

    static List<String> keys() {
        return List.of("task", "name", "row", "seconds", "steps", "skipped_steps");
    }
}
