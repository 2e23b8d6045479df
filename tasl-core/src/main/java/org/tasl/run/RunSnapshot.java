package org.tasl.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.tasl.cl.UnitRecord;
import org.tasl.eval.AccuracyMatrix;
import org.tasl.strategy.TaskRecord;
import org.tasl.util.Json;

/**
 * A run directory as it is right now, for views of runs that may still be running (in this
 * process or another) or were cut short: every file is optional and absent ones read as null
 * or empty. What is there is parsed by {@link RunDirectory}, {@link TaskRecord} and
 * {@link EventTail}, the one reader of the run contract (docs/ARCHITECTURE.md); a file that is
 * there but breaks the contract is an {@link IllegalArgumentException} naming file and line.
 * Finished runs are read by {@link RunResult}.
 */
public final class RunSnapshot {
    private final RunDirectory dir;

    private RunSnapshot(Path dir) {
        this.dir = new RunDirectory(dir);
    }

    /** Reads {@code dir} (nothing is created or checked). */
    public static RunSnapshot of(Path dir) {
        return new RunSnapshot(dir);
    }

    /** True when the folder holds any file of a run: config.json, results.json, events.jsonl or tasks/. */
    public static boolean isRun(Path dir) {
        return Files.exists(dir.resolve(RunDirectory.CONFIG)) || Files.exists(dir.resolve(RunDirectory.RESULTS))
                || Files.exists(dir.resolve(RunDirectory.EVENTS)) || Files.isDirectory(dir.resolve(RunDirectory.TASKS));
    }

    public Path dir() {
        return dir.dir();
    }

    /** config.json, or null before the run wrote it. */
    public Map<String, Object> config() {
        return exists(RunDirectory.CONFIG) ? dir.readConfig() : null;
    }

    /**
     * results.json as written (every key, NaN as null; see {@link RunResults} for the typed
     * view), or null while the run has not finished.
     */
    public Map<String, Object> results() {
        return exists(RunDirectory.RESULTS) ? Json.readObject(dir.dir().resolve(RunDirectory.RESULTS)) : null;
    }

    /** accuracy_matrix.csv (rows of tasks not done yet are NaN), or null before the run wrote it. */
    public AccuracyMatrix accuracyMatrix() {
        return exists(RunDirectory.MATRIX) ? dir.readAccuracyMatrix() : null;
    }

    /** The {@code tasks/NN-name} folders by index NN. */
    public SortedMap<Integer, Path> taskDirs() {
        Path tasks = dir.dir().resolve(RunDirectory.TASKS);
        if (!Files.isDirectory(tasks)) {
            return Collections.emptySortedMap();
        }
        SortedMap<Integer, Path> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(tasks)) {
            s.filter(Files::isDirectory).forEach(p -> {
                int k = RunDirectory.indexOf(p);
                if (k >= 0) {
                    out.put(k, p);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tasks + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The task.json of every task that has one (the finished tasks), in task order. */
    public List<TaskRecord> taskRecords() {
        List<TaskRecord> out = new ArrayList<>();
        for (Path td : taskDirs().values()) {
            Path f = td.resolve(RunDirectory.TASK);
            if (Files.isRegularFile(f)) {
                out.add(TaskRecord.fromJson(Json.readObject(f), f.toString()));
            }
        }
        return out;
    }

    /** Indexes of the tasks whose units.csv exists, ascending. */
    public List<Integer> tasksWithUnits() {
        List<Integer> out = new ArrayList<>();
        taskDirs().forEach((k, td) -> {
            if (Files.isRegularFile(td.resolve(RunDirectory.UNITS))) {
                out.add(k);
            }
        });
        return out;
    }

    /** units.csv of task {@code task}, or null when the task has none (yet). */
    public List<UnitRecord> units(int task) {
        Path td = taskDirs().get(task);
        Path f = td == null ? null : td.resolve(RunDirectory.UNITS);
        return f != null && Files.isRegularFile(f) ? RunDirectory.readUnits(f) : null;
    }

    /**
     * The last event of each of {@code types} about task {@code task} in events.jsonl, by type
     * (absent types: no such event). Lines that are not events are passed over: the log of a
     * live run may end in a torn line.
     */
    public Map<String, Map<String, Object>> lastEventsOfTask(int task, Set<String> types) {
        Map<String, Map<String, Object>> last = new HashMap<>();
        new EventTail(dir.dir().resolve(RunDirectory.EVENTS), types).poll(e -> {
            if (e.get("task") instanceof Number n && n.intValue() == task) {
                last.put((String) e.get("type"), e);
            }
        }, bad -> { });
        return last;
    }

    /** The newest modification time of the folder and its top-level run files, epoch ms (0 when none exists). */
    public long lastModified() {
        long newest = 0;
        for (String name : new String[] {"", RunDirectory.CONFIG, RunDirectory.RESULTS, RunDirectory.EVENTS,
                RunDirectory.MATRIX}) {
            Path p = name.isEmpty() ? dir.dir() : dir.dir().resolve(name);
            try {
                newest = Math.max(newest, Files.getLastModifiedTime(p).toMillis());
            } catch (IOException absent) {
                // a file that is not there (or vanished meanwhile) is not the newest
            }
        }
        return newest;
    }

    private boolean exists(String name) {
        return Files.isRegularFile(dir.dir().resolve(name));
    }
}
