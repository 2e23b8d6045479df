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
import org.tasl.nn.CudaStreamScope;
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

    /**
     * On a GPU the whole run works on a CUDA stream of its own (null elsewhere, or with
     * cuda_graphs=off): training can then replay CUDA graphs, and runs sharing one process (a
     * threads sweep) never share a stream.
     */
    private CudaStreamScope ownStream(Device device) {
        return config.cudaGraphs() && CudaStreamScope.available(device) ? CudaStreamScope.enter(device) : null;
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
        List<Task> tasks = benchmark.tasks();
        boolean existing = RunDirectory.exists(out);
        RunDirectory dir = existing ? RunDirectory.open(out) : null;
        double before = 0;
        if (existing) {
            if (!resume) {
                throw new IllegalArgumentException(alreadyHoldsARun(out, dir.state()));
            }
            dir.checkCompatible(cfgJson);
            before = dir.completedTasks(benchmark.taskNames()).stream().mapToDouble(TaskRecord::seconds).sum();
        } else {
            if (resume && Files.exists(out)) {
                throw new IllegalArgumentException("--resume: " + out + " is not a run directory (no config.json)");
            }
            if (Files.isDirectory(out) && !isEmpty(out)) {
                // e.g. a sweep directory or a demo folder: a run's files would land among its files
                throw new IllegalArgumentException("--out " + out + " is a folder with other files and not a run directory"
                        + " (no config.json): choose another --out; nothing was written");
            }
        }
        Device device = Devices.parse(config.get(RunOptions.DEVICE)); // a bad --device, too, before anything is written
        if (existing) {
            // the outcome of the attempt this one continues (its run_finished event stays in events.jsonl):
            // while this attempt runs the directory reads as unfinished, not as that attempt's failure
            dir.removeResults();
        } else {
            dir = RunDirectory.create(out);
            cfgJson.put("created", java.time.Instant.now().toString());
            dir.writeConfig(cfgJson);
        }
        String runId = out.getFileName().toString();
        try (EventLog log = dir.eventLog()) {
            bus.add(log);
            RunEvents events = new RunEvents(runId, bus);
            long t0 = System.nanoTime();
            events.publish(RunEvent.Type.RUN_STARTED, "method", config.method(), "backbone",
                    config.get(RunOptions.BACKBONE), "benchmark", benchmark.name(), "tasks", benchmark.taskNames(),
                    "config", cfgJson, "out", out.toAbsolutePath().toString(), "device", device.toString(),
                    "resumed", resume);
            try (CudaStreamScope stream = ownStream(device);
                    LanguageModel model = Backbones.load(config.get(RunOptions.BACKBONE), device)) {
                model.setMaxInputTokens(config.require(RunOptions.MAX_INPUT_TOKENS));
                model.setPrecision(org.tasl.model.Precision.parse(config.get(RunOptions.PRECISION)));
                if (device.isGpu() && org.tasl.nn.FusedAttention.available()) {
                    events.log("info", "attention kernels PyTorch may choose: "
                            + String.join(", ", org.tasl.nn.FusedAttention.chooseBackends()));
                }
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
                    return finish(dir, events, RunState.INTERRUPTED, before + (System.nanoTime() - t0) / 1e9, null);
                }
                return finish(dir, events, RunState.COMPLETED, outcome.seconds(), outcome);
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

    /**
     * Why {@code ./tasl run --out DIR} without --resume refuses DIR: what it holds (status, tasks,
     * error) and the two ways forward.
     */
    static String alreadyHoldsARun(Path dir, RunState state) {
        String head = "run directory " + dir + " already holds " + state.describe() + "; nothing was written. ";
        String fresh = "another --out, or remove " + dir + " first";
        if (state.completed()) {
            return head + "For a new run choose " + fresh + " (--resume with the same options would only write its"
                    + " results again).";
        }
        return head + "Either continue it: --resume --out " + dir + " with the same options as before (its "
                + RunDirectory.CONFIG + " records them; it goes on " + state.resumePoint() + "); or start a new run: "
                + fresh + ".";
    }

    private RunResult finish(RunDirectory dir, RunEvents events, String status, double seconds,
            ContinualLearner.Outcome outcome) {
        double[][] matrix = outcome != null ? outcome.matrix().toArray() : partialMatrix(dir);
        double[] baseline = outcome != null ? outcome.baseline() : BaselineScores.read(dir);
        RunResults r = results(dir, matrix, baseline, seconds, status, null);
        dir.writeResults(r);
        events.publish(RunEvent.Type.RUN_FINISHED, "status", status, "ap", nullIfNaN(r.ap()), "bwt",
                nullIfNaN(r.bwt()), "fwt", nullIfNaN(r.fwt()), "fwt_raw", nullIfNaN(r.fwtRaw()), "accuracy_matrix",
                Json.sanitize(matrix), "seconds", seconds);
        return new RunResult(dir);
    }

    /**
     * Records a failure: results.json with status failed, the error, the completed tasks and their
     * rows of the matrix (every file the run wrote stays as it is), and the run_finished event.
     */
    private void finishFailed(RunDirectory dir, RunEvents events, double seconds, Throwable e) {
        String error = errorText(e);
        try {
            dir.writeResults(results(dir, partialMatrix(dir), BaselineScores.read(dir), seconds, RunState.FAILED, error));
        } catch (RuntimeException ignored) {
            // the original failure matters more than a partial results file
        }
        events.publish(RunEvent.Type.RUN_FINISHED, "status", RunState.FAILED, "error", error, "seconds", seconds);
    }

    /** results.json of this run as far as it got: the completed tasks (task.json) and the last of them. */
    private RunResults results(RunDirectory dir, double[][] matrix, double[] baseline, double seconds, String status,
            String error) {
        List<TaskRecord> done = dir.completedTasks(benchmark.taskNames());
        return RunResults.of(config.method(), config.get(RunOptions.BACKBONE), benchmark.name(), benchmark.order(),
                        benchmark.taskNames(), matrix, baseline, seconds, benchmark.tasks().get(0).metric().wire(), status)
                .withPrecision(org.tasl.model.Precision.parse(config.get(RunOptions.PRECISION)).id())
                .withProgress(done.size(), done.isEmpty() ? null : done.get(done.size() - 1).name(), error);
    }

    /** The exception's type and message ("IllegalStateException: ..."), its type alone when it has none. */
    static String errorText(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + m;
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
