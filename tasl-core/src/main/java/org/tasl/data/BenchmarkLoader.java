package org.tasl.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.tasl.eval.MetricKind;
import org.tasl.util.Json;
import org.tasl.util.Sha256;

/**
 * Reads benchmarks laid out as {@code <dir>/<benchmark>/<split>/<task>.json[.gz]}: each file a
 * (optionally gzip-compressed) JSON array of {"id", "input", "output"} rows.
 *
 * <p>The label set of a task is the distinct outputs of its whole training file (before any
 * subsampling, so that a small sample never loses a label). For classification tasks,
 * evaluation rows with a label outside that set (MNLI's "-") are dropped and counted, or are an
 * error when {@link Options#strictLabels()} is set. Subsampling is seeded per task, so the rows
 * a task gets do not depend on which other tasks are loaded.
 */
public final class BenchmarkLoader {

    /**
     * @param trainPerTask rows per task for training (≤ 0: all)
     * @param evalPerTask  rows per task for evaluation (≤ 0: all)
     * @param seed         subsampling seed
     * @param evalSplit    the split evaluated on ("dev" by default)
     * @param strictLabels an evaluation label outside the label set is an error instead of a dropped row
     */
    public record Options(int trainPerTask, int evalPerTask, long seed, String evalSplit, boolean strictLabels) {
        public static Options defaults() {
            return new Options(0, 0, 42, "dev", false);
        }

        public Options withSizes(int train, int eval) {
            return new Options(train, eval, seed, evalSplit, strictLabels);
        }

        public Options withSeed(long s) {
            return new Options(trainPerTask, evalPerTask, s, evalSplit, strictLabels);
        }

        public Options strict(boolean strict) {
            return new Options(trainPerTask, evalPerTask, seed, evalSplit, strict);
        }
    }

    private final Path dataDir;

    public BenchmarkLoader(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** A loader on the data directory from {@code --data-dir}, {@code $TASL_DATA} or ~/.tasl/benchmarks. */
    public static BenchmarkLoader forDataDir(String explicit) {
        return new BenchmarkLoader(DataDirectory.resolve(explicit));
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * Loads a benchmark in a built-in order or as an explicit task list (give one of the two;
     * neither means order 1). The name "builtin" is the generated stream and needs no files.
     */
    public Benchmark load(String benchmark, Integer order, List<String> tasks, Options options) {
        if (order != null && tasks != null && !tasks.isEmpty()) {
            throw new IllegalArgumentException("give a task order or a task list, not both (order " + order
                    + ", tasks " + tasks + ")");
        }
        if (TaskOrders.BUILTIN.equals(benchmark)) {
            return BuiltinStream.benchmark(order, tasks, options);
        }
        Path root = dataDir.resolve(benchmark);
        if (!Files.isDirectory(root.resolve("train"))) {
            throw new IllegalArgumentException(unknownBenchmark(benchmark));
        }
        List<String> names;
        Integer usedOrder = null;
        if (tasks != null && !tasks.isEmpty()) {
            names = tasks;
        } else {
            usedOrder = order == null ? 1 : order;
            names = TaskOrders.get(benchmark, usedOrder);
        }
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException("task '" + n + "' appears twice in " + names);
            }
        }
        List<String> available = availableTasks(benchmark, "train");
        for (String n : names) {
            if (!available.contains(n)) {
                throw new IllegalArgumentException("unknown task '" + n + "' in benchmark '" + benchmark + "' ("
                        + root.resolve("train") + "); known tasks: " + available);
            }
        }
        MetricKind metric = metricOf(benchmark);
        Map<String, String> checksums = new LinkedHashMap<>();
        List<Task> loaded = new ArrayList<>();
        for (String n : names) {
            loaded.add(loadTask(benchmark, n, metric, options, checksums));
        }
        return new Benchmark(benchmark, loaded, usedOrder, checksums, dataDir.toString());
    }

    /** One task with its label set, subsampled as the options say. */
    public Task loadTask(String benchmark, String task, MetricKind metric, Options options,
                         Map<String, String> checksums) {
        Path trainFile = taskFile(benchmark, "train", task);
        Path evalFile = taskFile(benchmark, options.evalSplit(), task);
        List<Example> train = readRows(trainFile, task);
        List<Example> eval = readRows(evalFile, task);
        checksums.put(relative(trainFile), Sha256.of(trainFile));
        checksums.put(relative(evalFile), Sha256.of(evalFile));
        List<String> labels = Task.labelSet(train);
        int dropped = 0;
        if (metric == MetricKind.EXACT_MATCH) {
            Set<String> labelSet = new HashSet<>(labels);
            List<Example> kept = new ArrayList<>();
            for (int i = 0; i < eval.size(); i++) {
                Example e = eval.get(i);
                if (labelSet.contains(e.output())) {
                    kept.add(e);
                } else if (options.strictLabels()) {
                    throw new IllegalArgumentException(evalFile + ": row " + i + " (id " + e.id() + "): field 'output' "
                            + "has label '" + e.output() + "', which is not in the label set of task '" + task
                            + "' " + labels + " (the distinct outputs of " + trainFile.getFileName() + ")");
                } else {
                    dropped++;
                }
            }
            if (kept.isEmpty()) {
                throw new IllegalArgumentException(evalFile + ": no row has a label of the task's label set "
                        + labels + " (an empty task)");
            }
            eval = kept;
        }
        long taskSeed = options.seed() * 1_000_003L + task.hashCode();
        List<Example> trainSample = subsample(train, options.trainPerTask(), new Random(taskSeed));
        List<Example> evalSample = subsample(eval, options.evalPerTask(), new Random(taskSeed ^ 0x5DEECE66DL));
        return new Task(task, trainSample, evalSample, labels, metric, dropped);
    }

    /** k rows chosen with the seeded generator, kept in file order; all rows when k ≤ 0 or k ≥ size. */
    public static <T> List<T> subsample(List<T> rows, int k, Random rng) {
        if (k <= 0 || k >= rows.size()) {
            return rows;
        }
        List<Integer> idx = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            idx.add(i);
        }
        java.util.Collections.shuffle(idx, rng);
        List<Integer> chosen = new ArrayList<>(idx.subList(0, k));
        java.util.Collections.sort(chosen);
        List<T> out = new ArrayList<>(k);
        for (int i : chosen) {
            out.add(rows.get(i));
        }
        return out;
    }

    /** Tasks present in a split folder, sorted. */
    public List<String> availableTasks(String benchmark, String split) {
        Path dir = dataDir.resolve(benchmark).resolve(split);
        Set<String> names = new TreeSet<>();
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                s.forEach(p -> {
                    String n = taskNameOf(p);
                    if (n != null) {
                        names.add(n);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(names);
    }

    /** Benchmarks installed in the data directory (folders with a train split), sorted. */
    public List<String> installedBenchmarks() {
        Set<String> names = new TreeSet<>();
        if (Files.isDirectory(dataDir)) {
            try (var s = Files.list(dataDir)) {
                s.filter(p -> DataDirectory.isInstalled(dataDir, p.getFileName().toString()))
                        .forEach(p -> names.add(p.getFileName().toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dataDir + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(names);
    }

    private String unknownBenchmark(String benchmark) {
        Set<String> known = new TreeSet<>(TaskOrders.benchmarks());
        known.addAll(installedBenchmarks());
        boolean published = TaskOrders.hasOrders(benchmark);
        return (published ? "benchmark '" + benchmark + "' is not installed in " + dataDir
                + " (run ./tasl data pull --benchmark " + benchmark + ", or pass --data-dir / set $TASL_DATA)"
                : "unknown benchmark '" + benchmark + "' (no folder " + dataDir.resolve(benchmark).resolve("train") + ")")
                + "; known benchmarks: " + known + ", installed in " + dataDir + ": " + installedBenchmarks();
    }

    /** SuperNI is generation scored with ROUGE-L; every other benchmark is classification. */
    public static MetricKind metricOf(String benchmark) {
        return benchmark.toLowerCase(java.util.Locale.ROOT).contains("superni") ? MetricKind.ROUGE_L
                : MetricKind.EXACT_MATCH;
    }

    Path taskFile(String benchmark, String split, String task) {
        Path dir = dataDir.resolve(benchmark).resolve(split);
        Path gz = dir.resolve(task + ".json.gz");
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path plain = dir.resolve(task + ".json");
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        throw new IllegalArgumentException("task '" + task + "' has no " + split + " split: neither " + gz + " nor "
                + plain + " exists; tasks with a " + split + " split: " + availableTasks(benchmark, split));
    }

    private String relative(Path file) {
        return dataDir.relativize(file).toString().replace('\\', '/');
    }

    /** A task name from a file name ("cb.json.gz" → "cb"), or null for other files. */
    static String taskNameOf(Path p) {
        String f = p.getFileName().toString();
        if (f.startsWith(".")) {
            return null;
        }
        if (f.endsWith(".json.gz")) {
            return f.substring(0, f.length() - ".json.gz".length());
        }
        if (f.endsWith(".json")) {
            return f.substring(0, f.length() - ".json".length());
        }
        return null;
    }

    /**
     * Parses one task file: a JSON array of objects with string "input" and "output" (and an
     * optional "id"). Every problem names the file, the row and the field.
     */
    public static List<Example> readRows(Path file, String task) {
        Object parsed;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
             InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            parsed = Json.read(in, file.toString());
        } catch (java.util.zip.ZipException e) {
            throw new IllegalArgumentException(file + ": not a valid gzip file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (!(parsed instanceof List<?> rows)) {
            throw new IllegalArgumentException(file + ": expected a JSON array of {id, input, output} rows, found "
                    + Json.kind(parsed));
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": no rows (an empty task)");
        }
        List<Example> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Object r = rows.get(i);
            if (!(r instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(file + ": row " + i + " must be an object, found " + Json.kind(r));
            }
            String input = field(m, "input", file, i);
            String output = field(m, "output", file, i);
            Object id = m.get("id");
            out.add(new Example(id == null ? task + "_" + i : id.toString(), input, output));
        }
        return out;
    }

    private static String field(Map<?, ?> row, String key, Path file, int i) {
        Object v = row.get(key);
        Object id = row.get("id");
        String where = file + ": row " + i + (id == null ? "" : " (id " + id + ")");
        if (v == null) {
            throw new IllegalArgumentException(where + ": missing field '" + key + "' (each row needs string "
                    + "'input' and 'output')");
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(where + ": field '" + key + "' must be a string, found "
                    + Json.kind(v) + " " + abbreviate(String.valueOf(v)));
        }
        return s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
