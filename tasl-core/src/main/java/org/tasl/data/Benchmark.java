package org.tasl.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered stream of tasks.
 *
 * @param order     the built-in task order it follows (TASL_SPEC §9), or null for a custom list
 * @param checksums sha256 of every data file read, keyed by its path relative to the data
 *                  directory (e.g. "long-sequence/train/dbpedia.json.gz"); empty for the
 *                  built-in stream, which is generated
 * @param source    where the rows came from: the data directory, or "builtin"
 */
public record Benchmark(String name, List<Task> tasks, Integer order, Map<String, String> checksums,
                        String source) {

    public Benchmark {
        tasks = List.copyOf(tasks);
        checksums = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checksums));
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("benchmark '" + name + "' has no tasks");
        }
    }

    public List<String> taskNames() {
        return tasks.stream().map(Task::name).toList();
    }

    public Task task(String taskName) {
        for (Task t : tasks) {
            if (t.name().equals(taskName)) {
                return t;
            }
        }
        throw new IllegalArgumentException("benchmark '" + name + "' has no task '" + taskName + "'; tasks: "
                + taskNames());
    }

    public int size() {
        return tasks.size();
    }

    /** What config.json records about the data (no rows). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", name);
        m.put("order", order);
        m.put("tasks", taskNames());
        m.put("source", source);
        Map<String, Object> sizes = new LinkedHashMap<>();
        for (Task t : tasks) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("train", t.train().size());
            s.put("eval", t.eval().size());
            s.put("labels", t.labels().size());
            s.put("metric", t.metric().wire());
            s.put("dropped_eval_rows", t.droppedEvalRows());
            sizes.put(t.name(), s);
        }
        m.put("task_sizes", sizes);
        m.put("data_checksums", checksums);
        return m;
    }
}
