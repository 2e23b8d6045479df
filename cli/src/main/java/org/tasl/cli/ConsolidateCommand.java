package org.tasl.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tasl.api.Tasl;
import org.tasl.data.Benchmark;
import org.tasl.eval.AccuracyMatrix;
import org.tasl.model.Backbones;
import org.tasl.model.LanguageModel;
import org.tasl.nn.Devices;
import org.tasl.run.BaselineScores;
import org.tasl.run.RunConfig;
import org.tasl.run.RunDirectory;
import org.tasl.run.RunDirectorySink;
import org.tasl.run.RunOptions;
import org.tasl.run.RunResult;
import org.tasl.run.RunResults;
import org.tasl.strategy.RunEvents;
import org.tasl.strategy.WhatIfConsolidation;
import org.tasl.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./tasl consolidate}: what if this run had consolidated differently? Re-runs
 * consolidation from the saved θ_k and unit importance with another strategy or constants,
 * without retraining, and re-evaluates into a new run directory.
 */
@Command(name = "consolidate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-run consolidation of a finished run from its saved θ_k and importance, without retraining.",
            "Exact for the last task; earlier tasks' θ_k were trained from the original θ̂_{k-1}."})
public final class ConsolidateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a finished run directory")
    Path runDir;

    @Option(names = "--strategy", required = true, description = "static or adaptive")
    String strategy;

    @Option(names = "--tau", description = "adaptive temperature τ (default 0.25)")
    Double tau;

    @Option(names = "--top", description = "static: fraction of units that count as important (default 0.2 = 80th percentile)")
    Double top;

    @Option(names = "--beta", description = "weight of past importance in the cumulative importance (default 0.7)")
    Double beta;

    @Option(names = "--out", required = true, description = "new run directory for the what-if")
    Path out;

    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto")
    String device;

    @Option(names = "--json", description = "print the what-if results.json")
    boolean json;

    @Override
    public Integer call() {
        if (!strategy.equals("static") && !strategy.equals("adaptive")) {
            throw new IllegalArgumentException("--strategy must be static or adaptive, got '" + strategy + "'");
        }
        if (top != null && !(top > 0 && top < 1)) {
            throw new IllegalArgumentException("--top must be a fraction in (0, 1), got " + top);
        }
        RunDirectory source = RunDirectory.open(runDir);
        Map<String, Object> saved = source.readConfig();
        RunConfig cfg = RunConfig.defaults();
        saved.forEach((k, v) -> {
            if (RunOptions.has(k) && v != null && !k.equals(RunOptions.OUT.key())) {
                cfg.set(k, v);
            }
        });
        cfg.set(RunOptions.CONSOLIDATION, strategy).set(RunOptions.DEVICE, device);
        if (tau != null) {
            cfg.set(RunOptions.TAU, tau);
        }
        if (top != null) {
            cfg.set(RunOptions.PERCENTILE, 1 - top);
        }
        if (beta != null) {
            cfg.set(RunOptions.CUMULATIVE_BETA, beta);
        }
        if (RunDirectory.exists(out)) {
            throw new IllegalArgumentException(out + " already holds a run: choose another --out");
        }
        Benchmark bench = Tasl.benchmark(cfg);
        RunDirectory target = RunDirectory.create(out);
        Map<String, Object> cfgJson = new LinkedHashMap<>(cfg.resolved());
        cfgJson.put("tasks", bench.taskNames());
        cfgJson.put("what_if_of", runDir.toAbsolutePath().toString());
        cfgJson.put("what_if_note", WhatIfConsolidation.CAVEAT);
        target.writeConfig(Json.parseObject(Json.compact(Json.sanitize(cfgJson)), "config"));
        long t0 = System.nanoTime();
        AccuracyMatrix matrix;
        try (LanguageModel model = Backbones.load(cfg.get(RunOptions.BACKBONE), Devices.parse(device))) {
            model.setMaxInputTokens(cfg.require(RunOptions.MAX_INPUT_TOKENS));
            ProgressPrinter progress = new ProgressPrinter(System.out);
            RunEvents events = new RunEvents(out.getFileName().toString(), e -> {
                progress.onEvent(e);
            });
            matrix = new WhatIfConsolidation(new RunDirectorySink(source), cfg, model, bench.tasks(),
                    new RunDirectorySink(target), events).run();
        }
        List<String> names = bench.taskNames();
        RunResults r = RunResults.of(cfg.method(), cfg.get(RunOptions.BACKBONE), bench.name(), bench.order(), names,
                matrix.toArray(), BaselineScores.read(target), (System.nanoTime() - t0) / 1e9,
                bench.tasks().get(0).metric().wire(), "completed");
        target.writeResults(r);
        if (json) {
            System.out.println(Json.pretty(r.toJson()));
            return 0;
        }
        RunResult original = RunResult.load(runDir);
        System.out.print(org.tasl.report.ComparisonTable.text(Tasl.compare(List.of(original, RunResult.load(out)))));
        System.out.println("note: " + WhatIfConsolidation.CAVEAT);
        return 0;
    }
}
