package org.tasl.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.tasl.cl.UnitRecord;
import org.tasl.eval.AccuracyMatrix;
import org.tasl.event.RunEvent;
import org.tasl.strategy.TaskRecord;
import org.tasl.util.AtomicFiles;
import org.tasl.util.Csv;
import org.tasl.util.Json;

/**
 * A run directory (docs/ARCHITECTURE.md): the files a run writes and every reader of them.
 * <pre>
 * RUN/config.json  events.jsonl  accuracy_matrix.csv  results.json
 *     tasks/00-dbpedia/units.csv  theta.safetensors  theta_hat.safetensors  task.json
 * </pre>
 * Every file is written atomically (temp file in the same folder, then rename): a reader, or
 * a run killed mid-write, sees the old file or the new one. {@code task.json} is written last
 * for a task and marks it completed.
 */
public final class RunDirectory {
    public static final String CONFIG = "config.json";
    public static final String EVENTS = "events.jsonl";
    public static final String MATRIX = "accuracy_matrix.csv";
    public static final String RESULTS = "results.json";
    public static final String TASKS = "tasks";
    public static final String UNITS = "units.csv";
    public static final String TASK = "task.json";
    public static final String THETA = "theta.safetensors";
    public static final String THETA_HAT = "theta_hat.safetensors";

    /** Config keys that may differ between a run and its resumption. */
    public static final Set<String> RESUME_IGNORED_KEYS = Set.of("out", "resume", "device", "cuda_graphs", "versions", "created",
            "run", "run_id", "data_dir", "threads", "progress", "dashboard", "quiet", "verbose");

    private final Path dir;

    RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** Creates the folder (and parents) if needed; an existing folder is used as it is. */
    public static RunDirectory create(Path dir) {
        try {
            Files.createDirectories(dir.resolve(TASKS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + dir + ": " + e.getMessage(), e);
        }
        return new RunDirectory(dir);
    }

    /** An existing run directory: it must hold a config.json. */
    public static RunDirectory open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": no such run directory");
        }
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            throw new IllegalArgumentException(dir + ": not a run directory (no " + CONFIG + ")");
        }
        return new RunDirectory(dir);
    }

    /** True when the folder holds a run (a config.json). */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(CONFIG));
    }

    public Path dir() {
        return dir;
    }

    // ---- config.json ----

    public void writeConfig(Map<String, Object> config) {
        Json.writeAtomically(dir.resolve(CONFIG), config);
    }

    public Map<String, Object> readConfig() {
        return Json.readObject(dir.resolve(CONFIG));
    }

    /**
     * For {@code --resume}: throws {@link RunConfigMismatchException} naming every key whose value
     * differs between the saved config and {@code config} (keys in {@link #RESUME_IGNORED_KEYS}
     * aside). Reads only; writes nothing.
     */
    public void checkCompatible(Map<String, Object> config) {
        checkCompatible(config, RESUME_IGNORED_KEYS);
    }

    public void checkCompatible(Map<String, Object> config, Set<String> ignored) {
        Map<String, Object> saved = readConfig();
        Set<String> keys = new TreeSet<>(saved.keySet());
        keys.addAll(config.keySet());
        List<String> differing = new ArrayList<>();
        StringBuilder detail = new StringBuilder();
        for (String k : keys) {
            if (ignored.contains(k)) {
                continue;
            }
            Object a = normalize(saved.get(k));
            Object b = normalize(Json.sanitize(config.get(k)));
            if (!Objects.equals(a, b)) {
                differing.add(k);
                detail.append("\n  ").append(k).append(": ").append(show(saved, k)).append(" in the run directory, ")
                        .append(show(config, k)).append(" now");
            }
        }
        if (!differing.isEmpty()) {
            throw new RunConfigMismatchException(dir + " was made with another config; --resume needs the same "
                    + "settings. Differing keys: " + differing + detail
                    + "\n(use the original options to resume, or a new --out for a new run)", differing);
        }
    }

    private static String show(Map<String, Object> m, String k) {
        if (!m.containsKey(k)) {
            return "(absent)";
        }
        String s = Json.compact(m.get(k));
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    /** Numbers compare by value (3 == 3.0 == 3L), maps and lists element-wise. */
    private static Object normalize(Object v) {
        if (v instanceof Number n) {
            try {
                return new BigDecimal(n.toString()).stripTrailingZeros();
            } catch (NumberFormatException e) {
                return n.toString();
            }
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            new TreeSet<>(m.keySet().stream().map(String::valueOf).toList())
                    .forEach(k -> out.put(k, normalize(m.get(k))));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(RunDirectory::normalize).toList();
        }
        if (v instanceof Enum<?> e) {
            return e.toString();
        }
        return v;
    }

    // ---- results.json ----

    public void writeResults(RunResults results) {
        Json.writeAtomically(dir.resolve(RESULTS), results.toJson());
    }

    /** Removes results.json (a resumed run starts without the outcome of the attempt it continues). */
    public void removeResults() {
        try {
            Files.deleteIfExists(dir.resolve(RESULTS));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir.resolve(RESULTS) + ": " + e.getMessage(), e);
        }
    }

    public RunResults readResults() {
        Path f = dir.resolve(RESULTS);
        return RunResults.fromJson(Json.readObject(f), f.toString());
    }

    public boolean hasResults() {
        return Files.isRegularFile(dir.resolve(RESULTS));
    }

    /** Where the run stands: results.json's status (or unfinished), the tasks completed, a failure's error. */
    public RunState state() {
        return RunState.of(this);
    }

    // ---- accuracy_matrix.csv ----

    /** Header "after_task,&lt;task0&gt;,..."; row j starts with the name of task j; NaN cells are empty. */
    public void writeAccuracyMatrix(AccuracyMatrix m) {
        StringBuilder sb = new StringBuilder();
        List<String> header = new ArrayList<>();
        header.add("after_task");
        header.addAll(m.tasks());
        sb.append(Csv.line(header));
        for (int j = 0; j < m.size(); j++) {
            List<String> row = new ArrayList<>();
            row.add(m.tasks().get(j));
            for (double v : m.row(j)) {
                row.add(Csv.number(v));
            }
            sb.append(Csv.line(row));
        }
        AtomicFiles.writeString(dir.resolve(MATRIX), sb.toString());
    }

    public AccuracyMatrix readAccuracyMatrix() {
        Path f = dir.resolve(MATRIX);
        List<List<String>> rows = Csv.parse(readText(f), f.toString());
        if (rows.isEmpty() || !rows.get(0).get(0).equals("after_task")) {
            throw new IllegalArgumentException(f + ": expected the header 'after_task,<task0>,...'");
        }
        List<String> tasks = rows.get(0).subList(1, rows.get(0).size());
        if (rows.size() - 1 != tasks.size()) {
            throw new IllegalArgumentException(f + ": " + (rows.size() - 1) + " rows for " + tasks.size()
                    + " tasks (a partial file?)");
        }
        AccuracyMatrix m = new AccuracyMatrix(tasks);
        for (int j = 1; j < rows.size(); j++) {
            List<String> r = rows.get(j);
            if (r.size() != tasks.size() + 1) {
                throw new IllegalArgumentException(f + ": line " + (j + 1) + " has " + r.size() + " fields, expected "
                        + (tasks.size() + 1));
            }
            for (int i = 0; i < tasks.size(); i++) {
                m.set(j - 1, i, Csv.parseNumber(r.get(i + 1), f + ": line " + (j + 1) + ", column " + tasks.get(i)));
            }
        }
        return m;
    }

    // ---- tasks/NN-name/ ----

    /** {@code tasks/00-dbpedia}: two-digit index (more digits past 99), then the task name. */
    public Path taskDir(int index, String name) {
        return dir.resolve(TASKS).resolve(String.format("%02d-%s", index, name));
    }

    /** The folder of task {@code index}, whatever its name; null when there is none. */
    public Path findTaskDir(int index) {
        Path tasks = dir.resolve(TASKS);
        if (!Files.isDirectory(tasks)) {
            return null;
        }
        try (var s = Files.list(tasks)) {
            return s.filter(p -> Files.isDirectory(p) && indexOf(p) == index).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tasks + ": " + e.getMessage(), e);
        }
    }

    /** The index NN of a {@code tasks/NN-name} folder, or −1 when the name has no such prefix. */
    static int indexOf(Path taskDir) {
        String n = taskDir.getFileName().toString();
        int dash = n.indexOf('-');
        if (dash <= 0) {
            return -1;
        }
        try {
            return Integer.parseInt(n.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public Path thetaFile(int index, String name) {
        return taskDir(index, name).resolve(THETA);
    }

    public Path thetaHatFile(int index, String name) {
        return taskDir(index, name).resolve(THETA_HAT);
    }

    public void writeUnits(int index, String name, List<UnitRecord> units) {
        StringBuilder sb = new StringBuilder(Csv.line(UnitRecord.COLUMNS));
        for (UnitRecord u : units) {
            sb.append(Csv.line(List.of(u.unit(), Integer.toString(u.layer()), u.module(), u.kind(),
                    Integer.toString(u.rank()), Csv.number(u.importance()), Csv.number(u.cumulative()), u.category(),
                    Csv.number(u.weight()))));
        }
        AtomicFiles.writeString(taskDir(index, name).resolve(UNITS), sb.toString());
    }

    public List<UnitRecord> readUnits(int index) {
        Path td = findTaskDir(index);
        if (td == null) {
            throw new IllegalArgumentException(dir + ": no folder for task " + index + " under " + TASKS + "/");
        }
        return readUnits(td.resolve(UNITS));
    }

    public static List<UnitRecord> readUnits(Path f) {
        List<List<String>> rows = Csv.parse(readText(f), f.toString());
        if (rows.isEmpty() || !rows.get(0).equals(UnitRecord.COLUMNS)) {
            throw new IllegalArgumentException(f + ": expected the header " + String.join(",", UnitRecord.COLUMNS)
                    + (rows.isEmpty() ? " (empty file)" : ", found " + String.join(",", rows.get(0))));
        }
        List<UnitRecord> out = new ArrayList<>();
        for (int j = 1; j < rows.size(); j++) {
            List<String> r = rows.get(j);
            String where = f + ": line " + (j + 1);
            if (r.size() != UnitRecord.COLUMNS.size()) {
                throw new IllegalArgumentException(where + " has " + r.size() + " fields, expected "
                        + UnitRecord.COLUMNS.size() + " (a partial file?)");
            }
            try {
                out.add(new UnitRecord(r.get(0), Csv.parseInt(r.get(1), where + ", layer"), r.get(2), r.get(3),
                        Csv.parseInt(r.get(4), where + ", rank"), Csv.parseNumber(r.get(5), where + ", importance"),
                        Csv.parseNumber(r.get(6), where + ", cumulative"), r.get(7),
                        Csv.parseNumber(r.get(8), where + ", weight")));
            } catch (IllegalArgumentException e) {
                throw e.getMessage().startsWith(f.toString()) ? e : new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Writes task.json: call it last for a task, after units and adapters, since it marks completion. */
    public void writeTaskRecord(TaskRecord record) {
        Json.writeAtomically(taskDir(record.task(), record.name()).resolve(TASK), record.toJson());
    }

    public TaskRecord readTaskRecord(int index) {
        Path td = findTaskDir(index);
        if (td == null) {
            throw new IllegalArgumentException(dir + ": no folder for task " + index + " under " + TASKS + "/");
        }
        Path f = td.resolve(TASK);
        return TaskRecord.fromJson(Json.readObject(f), f.toString());
    }

    /**
     * The completed tasks, in order: task.json present for 0, 1, ... up to the first gap. The
     * names must match {@code expectedTasks} (when given) or the directory belongs to another stream.
     */
    public List<TaskRecord> completedTasks(List<String> expectedTasks) {
        List<TaskRecord> done = new ArrayList<>();
        for (int k = 0; ; k++) {
            Path td = findTaskDir(k);
            if (td == null || !Files.isRegularFile(td.resolve(TASK))) {
                break;
            }
            TaskRecord r = readTaskRecord(k);
            if (r.task() != k) {
                throw new IllegalArgumentException(td.resolve(TASK) + ": field 'task' is " + r.task() + ", expected " + k);
            }
            if (expectedTasks != null && (k >= expectedTasks.size() || !expectedTasks.get(k).equals(r.name()))) {
                throw new IllegalArgumentException(td.resolve(TASK) + ": task " + k + " is '" + r.name()
                        + "' but the stream's task " + k + " is "
                        + (k < expectedTasks.size() ? "'" + expectedTasks.get(k) + "'" : "absent"));
            }
            done.add(r);
        }
        return done;
    }

    public List<TaskRecord> completedTasks() {
        return completedTasks(null);
    }

    /**
     * The accuracy matrix as far as the run got: row k from task k's task.json for every
     * completed task, NaN elsewhere. What a resumed run continues to fill.
     */
    public AccuracyMatrix resumeMatrix(List<String> tasks) {
        AccuracyMatrix m = new AccuracyMatrix(tasks);
        for (TaskRecord r : completedTasks(tasks)) {
            m.setRow(r.task(), r.row());
        }
        return m;
    }

    /** Index of the first task not completed: where a resumed run starts. */
    public int nextTask() {
        return completedTasks().size();
    }

    // ---- events.jsonl ----

    /** A listener appending to this run's events.jsonl; close it when the run ends. */
    public EventLog eventLog() {
        return new EventLog(dir.resolve(EVENTS));
    }

    /**
     * Every event in events.jsonl. A torn last line (a kill mid-write) is skipped; a bad line
     * elsewhere is an error naming the line.
     */
    public List<RunEvent> readEvents() {
        return readEvents(dir.resolve(EVENTS));
    }

    public static List<RunEvent> readEvents(Path f) {
        if (!Files.exists(f)) {
            return List.of();
        }
        String text = readText(f);
        String[] lines = text.split("\n", -1);
        List<RunEvent> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            boolean last = i == lines.length - 1; // no newline after it: possibly torn
            try {
                out.add(RunEvent.fromJson(Json.parseObject(line, f + ": line " + (i + 1))));
            } catch (IllegalArgumentException e) {
                if (last) {
                    break;
                }
                throw new IllegalArgumentException(f + ": line " + (i + 1) + " is not an event: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String readText(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(f + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
