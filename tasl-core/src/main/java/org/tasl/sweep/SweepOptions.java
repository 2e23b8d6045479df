package org.tasl.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a sweep's cells are run: the executor and its settings. Not part of the grid: a sweep
 * started on one executor may be resumed on another.
 *
 * @param executor    local, threads, slurm or print
 * @param parallel    local: processes at once (0 = one per GPU slot, else 1); slurm: the array's
 *                    throttle ({@code %N}, 0 = none)
 * @param perGpu      local on a GPU machine: processes sharing one GPU
 * @param gpus        local: GPU ids to use (empty = detect with nvidia-smi -L; "none" = no GPUs)
 * @param partition   slurm {@code --partition} (null = the cluster's default)
 * @param time        slurm {@code --time}
 * @param gres        slurm {@code --gres}, e.g. gpu:1
 * @param mem         slurm {@code --mem}
 * @param cpusPerTask slurm {@code --cpus-per-task} (0 = not given)
 * @param sbatchLines extra {@code #SBATCH} lines, written as given (with or without the prefix)
 */
public record SweepOptions(Executor executor, int parallel, int perGpu, List<String> gpus, String partition,
                           String time, String gres, String mem, int cpusPerTask, List<String> sbatchLines) {

    public enum Executor {
        LOCAL, THREADS, SLURM, PRINT;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the cells run on this machine (local, threads), not where a scheduler puts them (slurm, print). */
        public boolean runsHere() {
            return this == LOCAL || this == THREADS;
        }

        public static Executor parse(String s) {
            for (Executor e : values()) {
                if (e.wire().equals(s.trim().toLowerCase(Locale.ROOT))) {
                    return e;
                }
            }
            throw new IllegalArgumentException("executor '" + s + "': expected local, threads, slurm or print");
        }
    }

    public SweepOptions {
        if (parallel < 0) {
            throw new IllegalArgumentException("--parallel " + parallel + ": expected 0 or more processes");
        }
        if (perGpu < 1) {
            throw new IllegalArgumentException("--per-gpu " + perGpu + ": expected at least 1 process per GPU");
        }
        if (cpusPerTask < 0) {
            throw new IllegalArgumentException("--cpus-per-task " + cpusPerTask + ": expected 0 or more");
        }
        gpus = List.copyOf(gpus);
        sbatchLines = List.copyOf(sbatchLines);
    }

    public static SweepOptions local(int parallel) {
        return new SweepOptions(Executor.LOCAL, parallel, 1, List.of(), null, null, null, null, 0, List.of());
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", executor.wire());
        m.put("parallel", parallel);
        m.put("per_gpu", perGpu);
        m.put("gpus", gpus);
        m.put("partition", partition);
        m.put("time", time);
        m.put("gres", gres);
        m.put("mem", mem);
        m.put("cpus_per_task", cpusPerTask);
        m.put("sbatch", sbatchLines);
        return m;
    }

    public static SweepOptions fromJson(Map<?, ?> m, String source) {
        try {
            return new SweepOptions(Executor.parse(String.valueOf(m.get("name"))), intOf(m.get("parallel")),
                    Math.max(1, intOf(m.get("per_gpu"))), strings(m.get("gpus")), str(m.get("partition")),
                    str(m.get("time")), str(m.get("gres")), str(m.get("mem")), intOf(m.get("cpus_per_task")),
                    strings(m.get("sbatch")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": field 'executor': " + e.getMessage(), e);
        }
    }

    private static int intOf(Object o) {
        return o instanceof Number n ? n.intValue() : 0;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static List<String> strings(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }
}
