package org.tasl.run;

import java.util.List;
import java.util.Map;
import org.tasl.data.Benchmark;
import org.tasl.data.BenchmarkLoader;

/**
 * Benchmarks as a run samples them, and experiments that record how: config.json must hold the
 * sizes and seed that rebuild the same data (for --resume and consolidate) even when the
 * benchmark was made apart from the config (as the Python API does). What {@code api.Tasl},
 * {@code RunMain} and localize load benchmarks and start experiments with.
 */
public final class SampledBenchmarks {
    private SampledBenchmarks() {}

    /** How each benchmark object was sampled (identity: equal benchmarks may be sampled differently). */
    private static final Map<Benchmark, Map<String, Object>> LOADED =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    /**
     * Loads a benchmark: a task order (TASL_SPEC §9) or an explicit task list, subsampled per
     * task with the seed. {@code name} "builtin" is the generated stream that needs no data.
     */
    public static Benchmark load(String name, Integer order, List<String> tasks, String dataDir,
            int trainPerTask, int evalPerTask, long seed) {
        BenchmarkLoader loader = BenchmarkLoader.forDataDir(dataDir);
        Benchmark b = loader.load(name, order, tasks == null || tasks.isEmpty() ? null : tasks,
                BenchmarkLoader.Options.defaults().withSizes(trainPerTask, evalPerTask).withSeed(seed));
        Map<String, Object> how = new java.util.HashMap<>();
        how.put("train_per_task", trainPerTask);
        how.put("eval_per_task", evalPerTask);
        how.put("data_seed", seed);
        if (dataDir != null) {
            how.put("data_dir", dataDir);
        }
        LOADED.put(b, how);
        return b;
    }

    /** The benchmark a run config describes (benchmark, order or tasks, data_dir, sizes, seed). */
    public static Benchmark load(RunConfig c) {
        List<String> tasks = c.get(RunOptions.TASKS);
        Integer order = tasks == null || tasks.isEmpty() ? c.get(RunOptions.ORDER) : null;
        long seed = c.get(RunOptions.DATA_SEED) != null ? c.require(RunOptions.DATA_SEED) : c.require(RunOptions.SEED);
        return load(c.get(RunOptions.BENCHMARK), order, tasks, c.get(RunOptions.DATA_DIR),
                c.require(RunOptions.TRAIN_PER_TASK), c.require(RunOptions.EVAL_PER_TASK), seed);
    }

    /** An experiment on a copy of {@code config} that records how {@code benchmark} was sampled. */
    public static Experiment experiment(Benchmark benchmark, RunConfig config) {
        RunConfig c = config.copy();
        Map<String, Object> how = LOADED.get(benchmark);
        if (how != null) {
            // The data the run trains on is the benchmark's: record how it was sampled.
            how.forEach(c::set);
        }
        return new Experiment(benchmark, c);
    }
}
