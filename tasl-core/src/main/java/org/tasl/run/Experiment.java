package org.tasl.run;

import ai.djl.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tasl.Version;
import org.tasl.cl.ImportanceMetric;
import org.tasl.data.Benchmark;
import org.tasl.data.Task;
import org.tasl.event.EventBus;
import org.tasl.event.RunEvent;
import org.tasl.event.RunListener;
import org.tasl.model.Backbones;
import org.tasl.model.LanguageModel;
import org.tasl.nn.Devices;
import org.tasl.strategy.CancellationToken.RunCancelledException;
import org.tasl.strategy.ContinualLearner;
import org.tasl.strategy.Method;
import org.tasl.strategy.Plugins;
import org.tasl.strategy.RunEvents;
import org.tasl.strategy.TaskRecord;
import org.tasl.util.Json;

/**
 * One continual-learning run of a method on a benchmark: resolves the run directory, records
 * the config, loads the backbone, runs (or resumes) the loop, and writes results.json. Events go
 * to events.jsonl and to every listener added. {@link #cancel()} stops it at the next step
 * boundary; the directory then holds every completed task and can be resumed.
 */
public final class Experiment {
    private final Benchmark benchmark;
    private final RunConfig config;
    private final EventBus bus = new EventBus();
    private final Path out;
    private ImportanceMetric metric;
    private boolean resume;
    private volatile ContinualLearner learner;
    private volatile boolean cancelRequested;

    public Experiment(Benchmark benchmark, RunConfig config) {
        this.benchmark = benchmark;
        this.config = config.copy();
        Method.of(this.config.method());
        String o = this.config.get(RunOptions.OUT);
        this.out = o != null ? Paths.get(o) : defaultOut(this.config.method());
    }

    private static Path defaultOut(String method) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        return Paths.get("runs", method + "-" + stamp);
    }

    public Experiment addListener(RunListener l) {
        bus.add(l);
        return this;
    }

    public void removeListener(RunListener l) {
        bus.remove(l);
    }

    /** Replaces the method's element score (TASL_SPEC §3.2) with a custom one. */
    public Experiment setImportanceMetric(ImportanceMetric m) {
        this.metric = m;
        return this;
    }

    /** Continue the run already in {@link #outDir()} after its last completed task. */
    public Experiment setResume(boolean resume) {
        this.resume = resume;
        return this;
    }

    public Path outDir() {
        return out;
    }

    public RunConfig config() {
        return config.copy();
    }

    public Benchmark benchmark() {
        return benchmark;
    }

    /** Stops training at the next step boundary (from any thread). */
    public void cancel() {
        cancelRequested = true;
        ContinualLearner l = learner;
        if (l != null) {
            l.context().cancellation().cancel();
        }
    }

    public RunResult run() {
        return run(null);
    }

    /** Runs to the end (or until cancelled) and returns what was obtained. */
    public RunResult run(RunListener listener) {
        if (listener != null) {
            bus.add(listener);
        }
        // the run may be on any thread (a sweep's threads, a kernel's worker): no graph outside training
        org.tasl.nn.ThreadGradientCollector.recordNothingOnThisThread();
        try {
            return execute();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (listener != null) {
                bus.remove(listener);
            }
        }
    }

    /** The config.json of this run: every option, the tasks, data checksums and versions. */
    public Map<String, Object> configJson() {
        Map<String, Object> c = new LinkedHashMap<>(config.resolved());
        c.put("tasks", benchmark.taskNames());
        c.put("benchmark", benchmark.name());
        c.put("order", benchmark.order());
        c.put("out", out.toString());
        c.put("recipe", config.recipe().wire());
        c.put("data_checksums", benchmark.checksums());
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("tasl", Version.VERSION);
        versions.put("djl", ai.djl.engine.Engine.getDjlVersion());
        versions.put("java", System.getProperty("java.version"));
        c.put("versions", versions);
        return Json.parseObject(Json.compact(Json.sanitize(c)), "config");
    }

    private RunResult execute() throws IOException {
        // a misspelt backbone fails here, before a run directory is written that would block --out
        org.tasl.weights.BackboneCatalog.checkName(config.get(RunOptions.BACKBONE));
        if (org.tasl.model.Precision.parse(config.get(RunOptions.PRECISION)) != org.tasl.model.Precision.FP32
                && !org.tasl.nn.TaslNative.loaded()) { // the model would refuse it too, after the directory exists
            throw new IllegalStateException("precision " + config.get(RunOptions.PRECISION) + " needs the project's"
                    + " native library (./tasl native build, or the GPU bundle); DJL's official CPU natives cannot run bfloat16");
        }
        Map<String, Object> cfgJson = configJson();
        RunDirectory dir;
        if (RunDirectory.exists(out)) {
            if (!resume) {
                throw new IllegalArgumentException("run directory " + out + " already holds a run: pass --resume to "
                        + "continue it, or choose another --out");
            }
            dir = RunDirectory.open(out);
            dir.checkCompatible(cfgJson);
        } else {
            if (resume && Files.exists(out)) {
                throw new IllegalArgumentException("--resume: " + out + " is not a run directory (no config.json)");
            }
            if (Files.isDirectory(out) && !isEmpty(out)) {
                // e.g. a sweep directory or a demo folder: a run's files would land among its files
                throw new IllegalArgumentException("--out " + out + " is a folder with other files and not a run directory"
                        + " (no config.json): choose another --out; nothing was written");
            }
            dir = RunDirectory.create(out);
            cfgJson.put("created", java.time.Instant.now().toString());
            dir.writeConfig(cfgJson);
        }
        String runId = out.getFileName().toString();
        List<Task> tasks = benchmark.tasks();
        double before = dir.completedTasks(benchmark.taskNames()).stream().mapToDouble(TaskRecord::seconds).sum();
        try (EventLog log = dir.eventLog()) {
            bus.add(log);
            RunEvents events = new RunEvents(runId, bus);
            Device device = Devices.parse(config.get(RunOptions.DEVICE));
            long t0 = System.nanoTime();
            events.publish(RunEvent.Type.RUN_STARTED, "method", config.method(), "backbone",
                    config.get(RunOptions.BACKBONE), "benchmark", benchmark.name(), "tasks", benchmark.taskNames(),
                    "config", cfgJson, "out", out.toAbsolutePath().toString(), "device", device.toString(),
                    "resumed", resume);
            // on a GPU, the whole run on a CUDA stream of its own: training can then replay CUDA graphs
            // (cuda_graphs=auto), and runs sharing one process (a threads sweep) never share a stream
            try (org.tasl.nn.CudaStreamScope stream = config.cudaGraphs()
                    && org.tasl.nn.CudaStreamScope.available(device) ? org.tasl.nn.CudaStreamScope.enter(device) : null;
                    LanguageModel model = Backbones.load(config.get(RunOptions.BACKBONE), device)) {
                model.setMaxInputTokens(config.require(RunOptions.MAX_INPUT_TOKENS));
                model.setPrecision(org.tasl.model.Precision.parse(config.get(RunOptions.PRECISION)));
                ContinualLearner l = new ContinualLearner(config, model, tasks, new RunDirectorySink(dir), events,
                        Plugins.forMethod(config, metric));
                learner = l;
                if (cancelRequested) {
                    l.context().cancellation().cancel();
                }
                ContinualLearner.Outcome outcome;
                try {
                    outcome = l.run(before);
                } catch (RunCancelledException e) {
                    return finish(dir, events, "interrupted", before + (System.nanoTime() - t0) / 1e9, null);
                }
                return finish(dir, events, "completed", outcome.seconds(), outcome);
            } catch (RuntimeException | Error e) {
                finishFailed(dir, events, before + (System.nanoTime() - t0) / 1e9, e);
                throw e;
            } finally {
                learner = null;
                bus.remove(log);
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private RunResult finish(RunDirectory dir, RunEvents events, String status, double seconds,
            ContinualLearner.Outcome outcome) {
        List<String> names = benchmark.taskNames();
        double[][] matrix = outcome != null ? outcome.matrix().toArray() : partialMatrix(dir);
        double[] baseline = outcome != null ? outcome.baseline() : BaselineScores.read(dir);
        String metricName = benchmark.tasks().get(0).metric().wire();
        RunResults r = RunResults.of(config.method(), config.get(RunOptions.BACKBONE), benchmark.name(),
                benchmark.order(), names, matrix, baseline, seconds, metricName, status)
                .withPrecision(org.tasl.model.Precision.parse(config.get(RunOptions.PRECISION)).id());
        dir.writeResults(r);
        events.publish(RunEvent.Type.RUN_FINISHED, "status", status, "ap", nullIfNaN(r.ap()), "bwt",
                nullIfNaN(r.bwt()), "fwt", nullIfNaN(r.fwt()), "fwt_raw", nullIfNaN(r.fwtRaw()), "accuracy_matrix",
                Json.sanitize(matrix), "seconds", seconds);
        return new RunResult(dir);
    }

    private void finishFailed(RunDirectory dir, RunEvents events, double seconds, Throwable e) {
        try {
            double[][] matrix = partialMatrix(dir);
            RunResults r = RunResults.of(config.method(), config.get(RunOptions.BACKBONE), benchmark.name(),
                    benchmark.order(), benchmark.taskNames(), matrix, BaselineScores.read(dir), seconds,
                    benchmark.tasks().get(0).metric().wire(), "failed")
                    .withPrecision(org.tasl.model.Precision.parse(config.get(RunOptions.PRECISION)).id());
            dir.writeResults(r);
        } catch (RuntimeException ignored) {
            // the original failure matters more than a partial results file
        }
        events.publish(RunEvent.Type.RUN_FINISHED, "status", "failed", "error", String.valueOf(e.getMessage()),
                "seconds", seconds);
    }

    private double[][] partialMatrix(RunDirectory dir) {
        int n = benchmark.size();
        double[][] m = new double[n][n];
        for (double[] row : m) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        for (TaskRecord r : dir.completedTasks(benchmark.taskNames())) {
            m[r.task()] = r.row();
        }
        return m;
    }

    private static Double nullIfNaN(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
