package org.tasl.api;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tasl.data.Benchmark;
import org.tasl.data.BenchmarkLoader;
import org.tasl.report.ComparisonTable;
import org.tasl.run.Experiment;
import org.tasl.run.RunConfig;
import org.tasl.run.RunResult;
import org.tasl.weights.BackboneCatalog;
import org.tasl.weights.BackboneInfo;

/**
 * The small surface that scripts, bindings and notebooks use; everything else is reachable
 * from what it returns. Names match the Python package ({@code tasl.benchmark(...)} etc.).
 */
public final class Tasl {
    private Tasl() {}

    public static String version() {
        return org.tasl.Version.VERSION;
    }

    /** The known backbones: name, size, whether converted weights are cached. */
    public static List<BackboneInfo> backbones() {
        return BackboneCatalog.list();
    }

    /**
     * Loads a benchmark: a task order (TASL_SPEC §9) or an explicit task list, subsampled per
     * task with the seed. {@code name} "builtin" is the generated stream that needs no data.
     */
    public static Benchmark benchmark(String name, Integer order, List<String> tasks, String dataDir,
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

    /**
     * How each benchmark object was sampled, so that an experiment's config.json records the
     * sizes and seed that rebuild the same data (for --resume and consolidate) even when the
     * benchmark was made separately from the config (as the Python API does).
     */
    private static final Map<Benchmark, Map<String, Object>> LOADED =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    /** The benchmark a run config describes (benchmark, order or tasks, data_dir, sizes, seed). */
    public static Benchmark benchmark(RunConfig c) {
        List<String> tasks = c.getList("tasks");
        Integer order = tasks == null || tasks.isEmpty() ? (Integer) c.get("order") : null;
        long seed = c.get("data_seed") != null ? c.getLong("data_seed") : c.getLong("seed");
        return benchmark(c.getString("benchmark"), order, tasks, c.getString("data_dir"),
                c.getInt("train_per_task"), c.getInt("eval_per_task"), seed);
    }

    /** A config with the spec's defaults; set options with {@code .set(key, value)}. */
    public static RunConfig config() {
        return RunConfig.defaults();
    }

    public static RunConfig config(Map<String, ?> options) {
        return RunConfig.defaults().setAll(options);
    }

    public static Experiment experiment(Benchmark benchmark, RunConfig config) {
        RunConfig c = config.copy();
        Map<String, Object> how = LOADED.get(benchmark);
        if (how != null) {
            // The data the run trains on is the benchmark's: record how it was sampled.
            how.forEach(c::set);
        }
        return new Experiment(benchmark, c);
    }

    /**
     * The options of {@code ./tasl demo} for a data directory (null: $TASL_DATA, else
     * ~/.tasl/benchmarks): benchmark, order, backbone, sizes, lr, ... plus "methods".
     */
    public static Map<String, Object> demoSettings(String dataDir) {
        Map<String, Object> m = new java.util.TreeMap<>(org.tasl.run.DemoSettings.defaults(dataDir).explicit());
        m.put("methods", org.tasl.run.DemoSettings.METHODS);
        return m;
    }

    /** A config with localize's defaults (200 evaluation rows, rank units, a converging budget). */
    public static RunConfig localizeConfig() {
        return org.tasl.localize.Localization.defaults();
    }

    /**
     * The skill-localization experiment of {@code ./tasl localize} on the config's single task:
     * {task, backbone, zero_shot, trained, fractions, curves, spread} (curves as gain shares).
     */
    public static Map<String, Object> localize(RunConfig config, List<Double> fractions, int seeds) {
        return org.tasl.localize.Localization.run(config, fractions, seeds, null, null).toJson();
    }

    public static RunResult loadRun(String dir) {
        return RunResult.load(Paths.get(dir));
    }

    public static RunResult loadRun(Path dir) {
        return RunResult.load(dir);
    }

    /**
     * What runs of the same stream show, as {@code ./tasl demo} prints it: per method and task
     * zero-shot, right-after-training and final scores, then sentences on learning and forgetting.
     */
    public static String forgettingSummary(List<RunResult> runs) {
        return org.tasl.report.ForgettingSummary.text(runs);
    }

    /** One row per run: run, method, backbone, benchmark, tasks, ap, bwt, fwt, fwt_raw, seconds, status. */
    public static List<Map<String, Object>> compare(List<RunResult> runs) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunResult r : runs) {
            rows.add(ComparisonTable.row(r.id(), r.results()));
        }
        return rows;
    }

}
