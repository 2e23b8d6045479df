package org.tasl.dashboard;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The JSON the API answers, assembled from a run's folder and, for runs being watched, from its
 * live feed (which knows what the files do not yet hold).
 */
final class RunViews {
    private static final long RECENT_MILLIS = 120_000;

    private final Path runsDir;
    private final RunReader reader;
    private final Feeds feeds;

    RunViews(Path runsDir, RunReader reader, Feeds feeds) {
        this.runsDir = runsDir;
        this.reader = reader;
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
        if (dir == null || !looksLikeRun(dir)) {
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
                        .filter(RunViews::looksLikeRun)
                        .forEach(p -> {
                            String id = p.getFileName().toString();
                            try {
                                byId.put(id, summary(id));
                            } catch (ApiError e) {
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
        Map<String, Object> results = dir == null ? null : reader.results(dir);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        Map<String, Object> src = results != null ? results : config;
        for (String k : new String[] {"method", "backbone", "benchmark"}) {
            m.put(k, src == null ? null : src.get(k));
        }
        m.put("tasks", taskNames(config, results, feed));
        m.put("status", status(id, dir, results, feed));
        m.put("live", feeds.attached(id) != null);
        m.put("tasks_done", dir == null ? feed.rows().size() : reader.taskRecords(dir).size());
        Map<String, Object> fin = feed == null ? null : feed.runFinished();
        Map<String, Object> last = results != null ? results : fin;
        m.put("ap", last == null ? null : last.get("ap"));
        m.put("bwt", last == null ? null : last.get("bwt"));
        m.put("modified", dir == null ? System.currentTimeMillis() : reader.lastModified(dir));
        return m;
    }

    Map<String, Object> detail(String id) {
        Path dir = dirOf(id);
        RunFeed feed = feeds.existing(id);
        Map<String, Object> config = config(dir, feed);
        Map<String, Object> results = dir == null ? null : reader.results(dir);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("status", status(id, dir, results, feed));
        m.put("live", feeds.attached(id) != null);
        m.put("config", config);
        m.put("results", results);
        Map<String, Object> progress = new LinkedHashMap<>();
        AccuracyMatrix matrix = matrix(id);
        progress.put("tasks", matrix.tasks());
        progress.put("tasks_done", matrix.rows().size());
        progress.put("matrix", matrix.toJson());
        progress.put("importance_tasks", importanceTasks(dir, feed));
        progress.put("task_records", dir == null ? List.of() : reader.taskRecords(dir));
        m.put("progress", progress);
        return m;
    }

    /** The accuracy matrix so far, from whichever source holds the most rows. */
    @SuppressWarnings("unchecked")
    AccuracyMatrix matrix(String id) {
        Path dir = dirOf(id);
        RunFeed feed = feeds.existing(id);
        Map<String, Object> config = config(dir, feed);
        Map<String, Object> results = dir == null ? null : reader.results(dir);
        List<String> tasks = taskNames(config, results, feed);
        List<List<Double>> best = List.of();
        if (results != null && results.get("accuracy_matrix") instanceof List<?> rows) {
            best = AccuracyMatrix.trimmed(toRows(rows));
        }
        AccuracyMatrix csv = dir == null ? null : reader.accuracyMatrix(dir);
        if (csv != null && csv.rows().size() > best.size()) {
            best = csv.rows();
            if (tasks.isEmpty()) {
                tasks = csv.tasks();
            }
        }
        if (dir != null) {
            Map<Integer, List<Double>> fromTasks = new TreeMap<>();
            for (Map<String, Object> t : reader.taskRecords(dir)) {
                if (t.get("task") instanceof Number n && t.get("row") instanceof List<?> row) {
                    fromTasks.put(n.intValue(), toRows(List.of(row)).get(0));
                }
            }
            best = longer(best, fromTasks);
        }
        if (feed != null) {
            best = longer(best, feed.rows());
        }
        return new AccuracyMatrix(tasks, best);
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
        List<Map<String, Object>> units = dir == null ? null : reader.units(dir, task);
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
            units = lastUnitsInEvents(dir.resolve("events.jsonl"), task, found);
            sourceOut[0] = found[0];
        }
        if (units == null) {
            throw new ApiError(404, "run '" + id + "' has no importance for task " + task);
        }
        List<Map<String, Object>> out = new ArrayList<>(units.size());
        for (Map<String, Object> u : units) {
            Map<String, Object> r = new LinkedHashMap<>();
            for (String k : new String[] {"unit", "layer", "module", "kind", "rank", "score", "cumulative", "category", "weight"}) {
                r.put(k, u.get(k));
            }
            out.add(r);
        }
        return out;
    }

    private List<Integer> importanceTasks(Path dir, RunFeed feed) {
        TreeMap<Integer, Boolean> t = new TreeMap<>();
        if (dir != null) {
            reader.tasksWithUnits(dir).forEach(k -> t.put(k, true));
        }
        if (feed != null) {
            feed.tasksWithImportance().forEach(k -> t.put(k, true));
        }
        return new ArrayList<>(t.keySet());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> config(Path dir, RunFeed feed) {
        Map<String, Object> c = dir == null ? null : reader.config(dir);
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

    static boolean looksLikeRun(Path dir) {
        return Files.exists(dir.resolve("config.json")) || Files.exists(dir.resolve("results.json"))
                || Files.exists(dir.resolve("events.jsonl")) || Files.isDirectory(dir.resolve("tasks"));
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

    /** The last consolidation (else importance snapshot) of a task in events.jsonl, or null. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> lastUnitsInEvents(Path events, int task, String[] source) {
        if (!Files.isRegularFile(events)) {
            return null;
        }
        List<Map<String, Object>> snapshot = null;
        List<Map<String, Object>> consolidation = null;
        try (BufferedReader r = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                boolean snap = line.contains("\"importance_snapshot\"");
                boolean cons = line.contains("\"consolidation\"");
                if (!snap && !cons) {
                    continue;
                }
                Map<String, Object> e;
                try {
                    e = Json.parseObject(line);
                } catch (IOException bad) {
                    continue;
                }
                if (!(e.get("task") instanceof Number n) || n.intValue() != task || !(e.get("units") instanceof List<?> u)) {
                    continue;
                }
                if ("consolidation".equals(e.get("type"))) {
                    consolidation = (List<Map<String, Object>>) u;
                } else if ("importance_snapshot".equals(e.get("type"))) {
                    snapshot = (List<Map<String, Object>>) u;
                }
            }
        } catch (IOException e) {
            throw new ApiError(500, "cannot read events.jsonl: " + e.getMessage());
        }
        source[0] = consolidation != null ? "consolidation" : "importance_snapshot";
        return consolidation != null ? consolidation : snapshot;
    }
}
