package org.tasl.sweep;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tasl.run.RunOption;
import org.tasl.run.RunOptions;

/**
 * A sweep from {@code key=value} arguments, without the CLI's dependencies: what the GPU
 * bundle's {@code run.sh} starts (each cell is then a separate JVM running
 * {@link org.tasl.run.RunMain} with this JVM's java and classpath). {@code ./tasl sweep} turns its
 * options into the same arguments.
 *
 * <pre>
 * run.sh org.tasl.sweep.SweepMain out=runs/table methods=tasl,seqlora orders=4,5,6 seeds=1,2 \
 *        set=lr=3e-4,5e-4 backbone=DIR device=gpu executor=local per_gpu=4
 * run.sh org.tasl.sweep.SweepMain status=runs/table
 * run.sh org.tasl.sweep.SweepMain resume=runs/table
 * </pre>
 * Grid axes: {@code methods=}, {@code orders=}, {@code seeds=} (comma lists), {@code set=KEY=V1,V2}
 * (repeatable; any run option; for the list option {@code tasks} the values are separated by ';').
 * Sweep settings: {@code out, resume, status, executor (local|threads|slurm|print), parallel, per_gpu,
 * gpus, partition, time, gres, mem, cpus_per_task, sbatch} (repeatable), {@code wait, poll}
 * (seconds between Slurm queue reads, default 10). Every other {@code key=value} is a run option
 * fixed for all cells.
 */
public final class SweepMain {
    static final Set<String> EXECUTOR_KEYS = Set.of("executor", "parallel", "per_gpu", "gpus", "partition", "time", "gres",
            "mem", "cpus_per_task", "sbatch");

    private SweepMain() {}

    public static void main(String[] args) {
        int code;
        try {
            code = execute(List.of(args), CellLauncher.currentJvm(), System.out);
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    /** Runs the request the arguments make and returns the exit code. */
    public static int execute(List<String> args, CellLauncher launcher, PrintStream out) {
        Request r = parse(args);
        if (r.status() != null) {
            return Sweeps.printStatus(r.status(), out);
        }
        SweepGrid grid = r.axes().isEmpty() && r.fixed().isEmpty() ? null : SweepGrid.of(r.axes(), r.fixed());
        if (r.resume() != null) {
            return Sweeps.resume(r.resume(), grid, r.options(), launcher, r.waitForScheduler(), r.poll(), out);
        }
        if (r.out() == null) {
            throw new IllegalArgumentException("a new sweep needs out=DIR (--out): the sweep directory");
        }
        SweepOptions o = r.options() != null ? r.options() : SweepOptions.local(0);
        return Sweeps.start(r.out(), grid != null ? grid : SweepGrid.of(Map.of(), Map.of()), o, launcher,
                r.waitForScheduler(), r.poll(), out);
    }

    /** What the arguments ask for; options null when no executor setting was given. */
    record Request(Path out, Path resume, Path status, Map<String, List<String>> axes, Map<String, String> fixed,
                   SweepOptions options, boolean waitForScheduler, Duration poll) {}

    static Request parse(List<String> args) {
        Path out = null;
        Path resume = null;
        Path status = null;
        boolean wait = false;
        Duration poll = Duration.ofSeconds(10);
        Map<String, List<String>> axes = new LinkedHashMap<>();
        Map<String, String> fixed = new LinkedHashMap<>();
        Map<String, List<String>> exec = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + a + "': expected key=value (e.g. methods=tasl,seqlora)");
            }
            String key = a.substring(0, eq).replaceFirst("^--", "").replace('-', '_');
            String value = a.substring(eq + 1);
            switch (key) {
                case "out" -> out = Path.of(value);
                case "resume" -> resume = Path.of(value);
                case "status" -> status = Path.of(value);
                case "wait" -> wait = bool(value, "wait");
                case "poll" -> poll = Duration.ofMillis((long) (number(value, "poll") * 1000));
                case "methods" -> axis(axes, "method", value);
                case "orders" -> axis(axes, "order", value);
                case "seeds" -> axis(axes, "seed", value);
                case "set" -> {
                    int e2 = value.indexOf('=');
                    if (e2 <= 0) {
                        throw new IllegalArgumentException("set '" + value + "': expected KEY=V1,V2 (e.g. lr=3e-4,5e-4)");
                    }
                    axis(axes, value.substring(0, e2).replace('-', '_'), value.substring(e2 + 1));
                }
                default -> {
                    if (EXECUTOR_KEYS.contains(key)) {
                        exec.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
                    } else if (fixed.put(key, value) != null) {
                        throw new IllegalArgumentException("option '" + key + "' is given twice");
                    }
                }
            }
        }
        if ((out != null ? 1 : 0) + (resume != null ? 1 : 0) + (status != null ? 1 : 0) > 1) {
            throw new IllegalArgumentException("give one of out=DIR (a new sweep), resume=DIR or status=DIR");
        }
        if (status != null && (!axes.isEmpty() || !fixed.isEmpty() || !exec.isEmpty())) {
            throw new IllegalArgumentException("status=DIR takes no grid or executor options: it reports what DIR holds");
        }
        return new Request(out, resume, status, axes, fixed, exec.isEmpty() ? null : options(exec), wait, poll);
    }

    private static void axis(Map<String, List<String>> axes, String key, String value) {
        String k = key.replace('-', '_');
        boolean list = RunOptions.has(k) && RunOptions.get(k).type() == RunOption.Type.LIST;
        List<String> values = new ArrayList<>();
        for (String v : value.split(list ? ";" : ",", -1)) {
            values.add(v.trim());
        }
        if (values.size() == 1 && values.get(0).isEmpty()) {
            values.clear();
        }
        if (axes.put(k, values) != null) {
            throw new IllegalArgumentException("grid axis '" + k + "' is given twice");
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("grid axis '" + k + "' has an empty list of values: give at least one");
        }
    }

    private static SweepOptions options(Map<String, List<String>> e) {
        return new SweepOptions(SweepOptions.Executor.parse(one(e, "executor", "local")),
                (int) number(one(e, "parallel", "0"), "parallel"), (int) number(one(e, "per_gpu", "1"), "per_gpu"),
                e.containsKey("gpus") ? List.of(one(e, "gpus", "").split(",")) : List.of(), one(e, "partition", null),
                one(e, "time", null), one(e, "gres", null), one(e, "mem", null),
                (int) number(one(e, "cpus_per_task", "0"), "cpus_per_task"), e.getOrDefault("sbatch", List.of()));
    }

    private static String one(Map<String, List<String>> e, String key, String def) {
        List<String> v = e.get(key);
        if (v == null) {
            return def;
        }
        if (v.size() > 1 && !key.equals("sbatch")) {
            throw new IllegalArgumentException("'" + key + "' is given " + v.size() + " times");
        }
        return v.get(0);
    }

    private static double number(String v, String key) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a number");
        }
    }

    private static boolean bool(String v, String key) {
        return switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(key + ": expected true or false, got '" + v + "'");
        };
    }
}
