package org.tasl.api;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tasl.data.Benchmark;
import org.tasl.report.ComparisonTable;
import org.tasl.run.Experiment;
import org.tasl.run.RunConfig;
import org.tasl.run.RunResult;
import org.tasl.run.SampledBenchmarks;
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
        return SampledBenchmarks.load(name, order, tasks, dataDir, trainPerTask, evalPerTask, seed);
    }

    /** The benchmark a run config describes (benchmark, order or tasks, data_dir, sizes, seed). */
    public static Benchmark benchmark(RunConfig c) {
        return SampledBenchmarks.load(c);
    }

    /** A config with the spec's defaults; set options with {@code .set(key, value)}. */
    public static RunConfig config() {
        return RunConfig.defaults();
    }

    public static RunConfig config(Map<String, ?> options) {
        return RunConfig.defaults().setAll(options);
    }

    /** An experiment that records in config.json how the benchmark was sampled (sizes, seed, data_dir). */
    public static Experiment experiment(Benchmark benchmark, RunConfig config) {
        return SampledBenchmarks.experiment(benchmark, config);
    }

    /**
     * The options of {@code ./tasl demo} for a data directory (null: $TASL_DATA, else
     * ~/.tasl/benchmarks): benchmark, order, backbone, sizes, lr, ... plus "methods".
     */
    public static Map<String, Object> demoSettings(String dataDir) {
        return demoSettings(dataDir, null);
    }

    /**
     * As {@link #demoSettings(String)} for the benchmark asked for ({@code ./tasl demo --benchmark};
     * null: the demo's own choice, "long-sequence": Standard CL order 4 at the measured CPU budget).
     */
    public static Map<String, Object> demoSettings(String dataDir, String benchmark) {
        Map<String, Object> m = new java.util.TreeMap<>(
                org.tasl.run.DemoSettings.choose(dataDir, benchmark).config().explicit());
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
