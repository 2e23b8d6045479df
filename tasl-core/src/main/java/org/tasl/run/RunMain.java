package org.tasl.run;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tasl.data.Benchmark;
import org.tasl.event.RunEvent;
import org.tasl.util.Json;

/**
 * One continual-learning run from {@code key=value} arguments (the run options of
 * {@link RunOptions}), without the CLI's dependencies: the main class the GPU bundle's
 * {@code run.sh} starts. Progress events go to stdout as JSON lines (steps every
 * {@code progress_every} optimizer steps, 25 by default; importance snapshots are left out and
 * consolidation events give only their unit count),
 * then one {@code result} line with AP, BWT, FWT, the accuracy matrix and the wall time.
 * {@code resume=true} continues the run in {@code out} after its last completed task (and starts
 * it when {@code out} holds no run yet: what a sweep's cells and Slurm's requeued tasks rely on).
 *
 * <pre>run.sh org.tasl.run.RunMain method=tasl backbone=DIR order=4 device=gpu out=runs/x</pre>
 */
public final class RunMain {
    private RunMain() {}

    public static void main(String[] args) {
        if (run(args, System.out) != 0) {
            System.exit(1);
        }
    }

    /**
     * Runs the arguments' experiment, printing its progress and the {@code result} line to
     * {@code out}; returns 0 when the run completed, 1 otherwise. Thread-safe: the {@code threads}
     * sweep executor runs several at once in one JVM, each printing to its cell's log.
     */
    public static int run(String[] args, PrintStream out) {
        RunConfig config = RunConfig.defaults();
        Args a = parseArgs(args, config);
        long t0 = System.nanoTime();
        Benchmark bench = SampledBenchmarks.load(config);
        Experiment experiment = SampledBenchmarks.experiment(bench, config).setResume(a.resume());
        int every = Math.max(1, a.progressEvery());
        // SIGTERM (scancel, preemption, Ctrl-C) records the run as interrupted; resume=true continues it
        RunResult r = StopOnSignal.run(experiment, e -> print(out, e, every), () -> { });
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("type", "result");
        line.put("method", r.method());
        line.put("status", r.status());
        line.put("tasks", r.tasks());
        line.put("ap", r.ap());
        line.put("bwt", r.bwt());
        line.put("fwt", r.fwt());
        line.put("accuracy_matrix", r.accuracyMatrix());
        line.put("run_seconds", r.seconds());
        line.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
        line.put("dir", r.dir().toAbsolutePath().toString());
        out.println(Json.compact(Json.sanitize(line)));
        out.flush();
        return "completed".equals(r.status()) ? 0 : 1;
    }

    /** What the arguments set besides run options. */
    public record Args(int progressEvery, boolean resume) {}

    /**
     * Sets every {@code key=value} argument on the config (keys as in {@link RunOptions}, or the
     * command-line spelling) and returns {@code progress_every} (25 when absent) and {@code resume}.
     */
    public static Args parseArgs(String[] args, RunConfig config) {
        int progressEvery = 25;
        boolean resume = false;
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + a + "': expected key=value (a run option, e.g. method=tasl)");
            }
            String key = a.substring(0, eq);
            String value = a.substring(eq + 1);
            if (key.equals("progress_every")) {
                try {
                    progressEvery = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("progress_every: expected a whole number of steps, got '" + value + "'");
                }
            } else if (key.equals("resume")) {
                resume = switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "true", "yes", "1" -> true;
                    case "false", "no", "0" -> false;
                    default -> throw new IllegalArgumentException("resume: expected true or false, got '" + value + "'");
                };
            } else {
                config.set(key, value);
            }
        }
        return new Args(progressEvery, resume);
    }

    private static void print(PrintStream out, RunEvent e, int every) {
        if (e.type() == RunEvent.Type.IMPORTANCE_SNAPSHOT) {
            return;
        }
        if (e.type() == RunEvent.Type.STEP && e.get("step") instanceof Number s && e.get("steps") instanceof Number n
                && s.intValue() % every != 0 && s.intValue() != n.intValue()) {
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>(e.toJson());
        m.remove("config");
        if (m.get("units") instanceof java.util.List<?> units) {
            m.put("units", units.size()); // the per-unit decisions are in the run directory
        }
        out.println(Json.compact(Json.sanitize(m)));
        out.flush();
    }
}
