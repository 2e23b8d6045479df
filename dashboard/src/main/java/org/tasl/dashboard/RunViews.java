package org.tasl.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.tasl.cl.UnitRecord;
import org.tasl.eval.AccuracyMatrix;
import org.tasl.run.RunSnapshot;
import org.tasl.strategy.TaskRecord;

/**
 * The JSON the API answers, assembled from a run's folder and, for runs being watched, from its
 * live feed (which knows what the files do not yet hold). The files are read by core's
 * {@link RunSnapshot}, the run contract's one reader.
 */
final class RunViews {
    private static final long RECENT_MILLIS = 120_000;

    private static final String[] UNIT_KEYS = {
        "unit", "layer", "module", "kind", "rank", "score", "cumulative", "category", "weight"};

    private final Path runsDir;
    private final Feeds feeds;

    RunViews(Path runsDir, Feeds feeds) {
        this.runsDir = runsDir;
        this.feeds = feeds;
    }

    /** The run's folder, or null for an attached run whose folder does not exist yet; 404 if unknown. */
    Path dirOf(String id) {
        RunIds.require(id);
        Feeds.Attached a = feeds.attached(id);
        if (a != null) {
            return a.dir() != null && Files.isDirectory(a.dir()) ? a.dir() : null;
        }
        Path dir = RunIds.resolve(runsDir, id);
        if (dir == null || !RunSnapshot.isRun(dir)) {
            throw new ApiError(404, "no run '" + id + "' in the runs directory");
        }
        return dir;
    }

    List<Map<String, Object>> list() {
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        if (Files.isDirectory(runsDir)) {
            try (Stream<Path> s = Files.list(runsDir)) {
                s.filter(Files::isDirectory)
                        .filter(p -> RunIds.isValid(p.getFileName().toString()))
                        .filter(RunSnapshot::isRun)
                        .forEach(p -> {
                            String id = p.getFileName().toString();
                            try {
                                byId.put(id, summary(id));
                            } catch (ApiError | IllegalArgumentException | UncheckedIOException e) {
                                byId.put(id, Map.of("id", id, "status", "unreadable", "error", e.getMessage()));
                            }
                        });
            } catch (IOException e) {
                throw new ApiError(500, "cannot list the runs directory: " + e.getMessage());
            }
        }
        for (Feeds.Attached a : feeds.allAttached()) {
            byId.put(a.id(), summary(a.id()));
        }
        List<Map<String, Object>> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparing((Map<String, Object> m) -> m.get("modified") instanceof Number n ? -n.longValue() : 0L)
                .thenComparing(m -> String.valueOf(m.get("id"))));
        return out;
    }

    Map<String, Object> summary(String id) {
        Path dir = dirOf(id);
        RunFeed feed = feeds.existing(id);
        Map<String, Object> config = config(dir, feed);
        Map<String, Object> results = dir == null ? null : RunSnapshot.of(dir).results();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        Map<String, Object> src = results != null ? results : config;
        for (String k : new String[] {"method", "backbone", "benchmark"}) {
            m.put(k, src == null ? null : src.get(k));
        }
        m.put("tasks", taskNames(config, results, feed));
        m.put("status", status(id, dir, results, feed));
        m.put("live", feeds.attached(id) != null);
        m.put("tasks_done", dir == null ? feed.rows().size() : RunSnapshot.of(dir).taskRecords().size());
        Map<String, Object> fin = feed == null ? null : feed.runFinished();
        Map<String, Object> last = results != null ? results : fin;
        m.put("ap", last == null ? null : last.get("ap"));
        m.put("bwt", last == null ? null : last.get("bwt"));
        m.put("modified", dir == null ? System.currentTimeMillis() : RunSnapshot.of(dir).lastModified());
        m.put("localization", LocalizationView.exists(dir));
        return m;
    }

    Map<String, Object> detail(String id) {
        Path dir = dirOf(id);
        RunFeed feed = feeds.existing(id);
        Map<String, Object> config = config(dir, feed);
        Map<String, Object> results = dir == null ? null : RunSnapshot.of(dir).results();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("status", status(id, dir, results, feed));
        m.put("live", feeds.attached(id) != null);
        m.put("config", config);
        m.put("results", results);
        Map<String, Object> progress = new LinkedHashMap<>();
        MatrixView matrix = matrix(id);
        progress.put("tasks", matrix.tasks());
        progress.put("tasks_done", matrix.rows().size());
        progress.put("matrix", matrix.toJson());
        progress.put("importance_tasks", importanceTasks(dir, feed));
        progress.put("task_records", dir == null ? List.of()
                : RunSnapshot.of(dir).taskRecords().stream().map(TaskRecord::toJson).toList());
        m.put("progress", progress);
        m.put("localization", LocalizationView.exists(dir));
        return m;
    }

    /** The run's skill-localization curves ({@code ./tasl localize}); 404 when it has none. */
    Map<String, Object> localization(String id) {
        Path dir = dirOf(id);
        if (!LocalizationView.exists(dir)) {
            throw new ApiError(404, "run '" + id + "' has no " + org.tasl.localize.Localization.FILE
                    + " (./tasl localize writes one)");
        }
        return LocalizationView.of(dir);
    }

    /** The accuracy matrix so far, from whichever source holds the most rows. */
    MatrixView matrix(String id) {
        Path dir = dirOf(id);
        RunFeed feed = feeds.existing(id);
        RunSnapshot run = dir == null ? null : RunSnapshot.of(dir);
        Map<String, Object> config = config(dir, feed);
        Map<String, Object> results = run == null ? null : run.results();
        List<String> tasks = taskNames(config, results, feed);
        List<List<Double>> best = List.of();
        if (results != null && results.get("accuracy_matrix") instanceof List<?> rows) {
            best = MatrixView.trimmed(toRows(rows));
        }
        AccuracyMatrix csv = run == null ? null : run.accuracyMatrix();
        if (csv != null) {
            List<List<Double>> csvRows = new ArrayList<>();
            for (int j = 0; j < csv.size(); j++) {
                csvRows.add(toList(csv.row(j)));
            }
            csvRows = MatrixView.trimmed(csvRows);
            if (csvRows.size() > best.size()) {
                best = csvRows;
                if (tasks.isEmpty()) {
                    tasks = csv.tasks();
                }
            }
        }
        if (run != null) {
            Map<Integer, List<Double>> fromTasks = new TreeMap<>();
            for (TaskRecord t : run.taskRecords()) {
                fromTasks.put(t.task(), toList(t.row()));
            }
            best = longer(best, fromTasks);
        }
        if (feed != null) {
            best = longer(best, feed.rows());
        }
        return new MatrixView(tasks, best);
    }

    /** Units of task {@code task} (null = the newest task that has any); 404 when there are none. */
    List<Map<String, Object>> importance(String id, Integer task, String[] sourceOut) {
        Path dir = dirOf(id);
        RunFeed feed = feeds.existing(id);
        if (task == null) {
            List<Integer> tasks = importanceTasks(dir, feed);
            if (tasks.isEmpty()) {
                throw new ApiError(404, "run '" + id + "' has no importance yet");
            }
            task = tasks.get(tasks.size() - 1);
        }
        List<Map<String, Object>> units = dir == null ? null : unitsCsv(RunSnapshot.of(dir), task);
        sourceOut[0] = "units.csv";
        if (units == null && feed != null) {
            units = feed.consolidation(task);
            sourceOut[0] = "consolidation";
            if (units == null) {
                units = feed.latestImportance(task);
                sourceOut[0] = "importance_snapshot";
            }
        }
        if (units == null && dir != null) {
            String[] found = new String[1];
            units = lastUnitsInEvents(dir, task, found);
            sourceOut[0] = found[0];
        }
        if (units == null) {
            throw new ApiError(404, "run '" + id + "' has no importance for task " + task);
        }
        List<Map<String, Object>> out = new ArrayList<>(units.size());
        for (Map<String, Object> u : units) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (String k : UNIT_KEYS) {
                r.put(k, u.get(k));
            }
            out.add(r);
        }
        return out;
    }

    private List<Integer> importanceTasks(Path dir, RunFeed feed) {
        TreeMap<Integer, Boolean> t = new TreeMap<>();
        if (dir != null) {
            RunSnapshot.of(dir).tasksWithUnits().forEach(k -> t.put(k, true));
        }
        if (feed != null) {
            feed.tasksWithImportance().forEach(k -> t.put(k, true));
        }
        return new ArrayList<>(t.keySet());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> config(Path dir, RunFeed feed) {
        Map<String, Object> c = dir == null ? null : RunSnapshot.of(dir).config();
        if (c == null && feed != null && feed.runStarted() != null) {
            Object cfg = feed.runStarted().get("config");
            c = cfg instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>(feed.runStarted());
        }
        return c;
    }

    private static List<String> taskNames(Map<String, Object> config, Map<String, Object> results, RunFeed feed) {
        for (Map<String, Object> src : new Map[] {results, config, feed == null ? null : feed.runStarted()}) {
            if (src != null && src.get("tasks") instanceof List<?> l) {
                return l.stream().map(String::valueOf).toList();
            }
        }
        return List.of();
    }

    private String status(String id, Path dir, Map<String, Object> results, RunFeed feed) {
        if (results != null) {
            return results.get("status") instanceof String s ? s : "completed";
        }
        Map<String, Object> fin = feed == null ? null : feed.runFinished();
        if (fin != null) {
            return String.valueOf(fin.getOrDefault("status", "completed"));
        }
        if (feeds.attached(id) != null) {
            return "running";
        }
        Path events = dir.resolve("events.jsonl");
        try {
            if (Files.isRegularFile(events)
                    && System.currentTimeMillis() - Files.getLastModifiedTime(events).toMillis() < RECENT_MILLIS) {
                return "running";
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "incomplete";
    }

    private static List<List<Double>> longer(List<List<Double>> best, Map<Integer, List<Double>> byTask) {
        if (byTask.isEmpty()) {
            return best;
        }
        int n = byTask.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        if (n <= best.size() || byTask.size() < n) {
            return best;
        }
        List<List<Double>> rows = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            rows.add(byTask.get(j));
        }
        return rows;
    }

    private static List<List<Double>> toRows(List<?> rows) {
        List<List<Double>> out = new ArrayList<>();
        for (Object r : rows) {
            List<Double> row = new ArrayList<>();
            if (r instanceof List<?> l) {
                for (Object o : l) {
                    row.add(o instanceof Number n ? n.doubleValue() : null);
                }
            }
            out.add(row);
        }
        return out;
    }

    /** units.csv of a task as API rows (the column "importance" is the key "score"; NaN is null), or null. */
    private static List<Map<String, Object>> unitsCsv(RunSnapshot run, int task) {
        List<UnitRecord> records = run.units(task);
        if (records == null) {
            return null;
        }
        List<Map<String, Object>> out = new ArrayList<>(records.size());
        for (UnitRecord u : records) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("unit", u.unit());
            r.put("layer", u.layer());
            r.put("module", u.module());
            r.put("kind", u.kind());
            r.put("rank", u.rank());
            r.put("score", finite(u.importance()));
            r.put("cumulative", finite(u.cumulative()));
            r.put("category", u.category());
            r.put("weight", finite(u.weight()));
            out.add(r);
        }
        return out;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static List<Double> toList(double[] row) {
        List<Double> out = new ArrayList<>(row.length);
        for (double v : row) {
            out.add(finite(v));
        }
        return out;
    }

    /** The last consolidation (else importance snapshot) of a task in events.jsonl, or null. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> lastUnitsInEvents(Path dir, int task, String[] source) {
        Map<String, Map<String, Object>> last = RunSnapshot.of(dir)
                .lastEventsOfTask(task, Set.of("consolidation", "importance_snapshot"));
        for (String type : new String[] {"consolidation", "importance_snapshot"}) {
            Map<String, Object> e = last.get(type);
            if (e != null && e.get("units") instanceof List<?> u) {
                source[0] = type;
                return (List<Map<String, Object>>) u;
            }
        }
        source[0] = "importance_snapshot";
        return null;
    }
}
