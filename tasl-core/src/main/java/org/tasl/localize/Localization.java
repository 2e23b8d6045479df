package org.tasl.localize;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.tasl.cl.SkillUnit;
import org.tasl.cl.UnitRecord;
import org.tasl.data.Benchmark;
import org.tasl.event.RunListener;
import org.tasl.run.Experiment;
import org.tasl.run.RunConfig;
import org.tasl.run.RunDirectory;
import org.tasl.run.RunOptions;
import org.tasl.run.RunResult;
import org.tasl.run.SampledBenchmarks;
import org.tasl.strategy.AdapterPolicy;
import org.tasl.strategy.Method;
import org.tasl.util.Json;

/**
 * The skill-localization experiment ({@code ./tasl localize}): train one task with LoRA as a
 * run would, rank its skill units by the importance TaSL computed while it trained, and measure
 * the removal and graft curves of {@link LocalizationCurves} on the task's evaluation rows.
 *
 * <p>The training run is an ordinary run directory (the dashboard and {@code compare} read it);
 * the curves are written next to its files as {@code localization.json}. When the directory
 * already holds the trained task (same options), it is reused instead of trained again.
 */
public final class Localization {
    public static final List<Double> DEFAULT_FRACTIONS = List.of(0.05, 0.1, 0.2, 0.4);
    public static final int DEFAULT_SEEDS = 3;
    /** What the curves are written to, inside the run directory. */
    public static final String FILE = "localization.json";

    private Localization() {}

    /**
     * Run options where localize's defaults differ from a run's: enough evaluation rows that a
     * point's noise is small against the gains measured (200), rank units (a LoRA matrix unit
     * alone switches its whole module on or off, so grafting matrices keeps nothing unless both
     * A and B of a module are kept), and a budget that trains one task on this 2-core CPU within
     * minutes (MiniLM, the task's label tokens as the loss, as the demo measured; on BERT-base
     * pass the backbone recipe's lr 1e-3, 3 epochs and 256 tokens).
     */
    public static RunConfig defaults() {
        return RunConfig.defaults().set(RunOptions.GRANULARITY, "rank").set(RunOptions.EVAL_PER_TASK, 200)
                .set(RunOptions.TRAIN_PER_TASK, 400).set(RunOptions.EPOCHS, 2).set(RunOptions.LR, 5e-3)
                .set(RunOptions.LABEL_LOSS, "labels").set(RunOptions.MAX_INPUT_TOKENS, 96).set(RunOptions.SNAPSHOT_EVERY, 10);
    }

    /** What one localization produced. */
    public record Outcome(String task, String backbone, LocalizationCurves.Result curves, Path runDir,
            int evalRows, double seconds) {
        /** The contract JSON (see {@link LocalizationCurves.Result#toJson}). */
        public Map<String, Object> toJson() {
            return curves.toJson(task, backbone);
        }
    }

    /**
     * Trains (or reuses) the run of {@code cfg}'s single task and measures the curves.
     *
     * @param listener run events of the training (may be null)
     * @param log one line per step of the experiment and per evaluated point (may be null)
     */
    public static Outcome run(RunConfig cfg, List<Double> fractions, int seeds, RunListener listener,
            Consumer<String> log) {
        LocalizationCurves.checkDraws(fractions, seeds); // before training, not after it
        Consumer<String> out = log != null ? log : s -> { };
        long t0 = System.nanoTime();
        Method method = Method.of(cfg.method());
        if (method.adapters() != AdapterPolicy.SHARED_LORA) {
            throw new IllegalArgumentException("localize trains one LoRA adapter: method '" + cfg.method()
                    + "' does not (use tasl, taslora or seqlora)");
        }
        Benchmark bench = SampledBenchmarks.load(cfg);
        if (bench.size() != 1) {
            throw new IllegalArgumentException("localize studies one task: give --task NAME (got " + bench.size()
                    + " tasks: " + bench.taskNames() + ")");
        }
        String task = bench.taskNames().get(0);
        RunConfig c = cfg.copy();
        if (c.get(RunOptions.OUT) == null) {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            c.set(RunOptions.OUT, Paths.get("runs", "localize-" + task + "-" + stamp).toString());
        }
        Path dir = Paths.get(c.get(RunOptions.OUT));
        boolean reuse = RunDirectory.exists(dir);
        out.accept((reuse ? "reusing the trained run in " : "training " + task + " on " + c.get(RunOptions.BACKBONE)
                + " (" + bench.tasks().get(0).train().size() + " examples x " + c.get(RunOptions.EPOCHS) + " epochs) into ") + dir);
        Experiment exp = SampledBenchmarks.experiment(bench, c).setResume(reuse);
        RunResult run = exp.run(listener);
        if (!run.status().equals("completed")) {
            throw new IllegalStateException("training " + task + " did not complete (status " + run.status() + ")");
        }
        double zeroShot = run.baselineScores()[0];
        double trained = run.accuracyMatrix()[0][0];
        out.accept(String.format(java.util.Locale.ROOT, "%s: zero-shot %.1f, trained %.1f on %d evaluation rows",
                task, zeroShot, trained, bench.tasks().get(0).eval().size()));
        List<String> ranked = ranking(run.importance(0));
        Path theta = RunDirectory.open(dir).taskDir(0, task).resolve(RunDirectory.THETA);
        RunConfig resolved = exp.config();
        LocalizationCurves.Result curves;
        try (AdapterAblation model = AdapterAblation.open(resolved, theta, bench.tasks().get(0))) {
            requireSameUnits(ranked, model.units(), dir);
            curves = LocalizationCurves.measure(ranked, zeroShot, trained, fractions, seeds, c.require(RunOptions.SEED),
                    model, out);
        }
        Outcome o = new Outcome(task, c.get(RunOptions.BACKBONE), curves, dir, bench.tasks().get(0).eval().size(),
                (System.nanoTime() - t0) / 1e9);
        Json.writeAtomically(dir.resolve(FILE), Json.sanitize(o.toJson()));
        return o;
    }

    /** Unit names, most important first (ties keep the model order of units.csv). */
    static List<String> ranking(List<UnitRecord> records) {
        List<UnitRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingDouble(UnitRecord::importance).reversed());
        List<String> names = new ArrayList<>();
        for (UnitRecord r : sorted) {
            if (!Double.isFinite(r.importance())) {
                throw new IllegalArgumentException("units.csv: importance of " + r.unit() + " is " + r.importance());
            }
            names.add(r.unit());
        }
        return names;
    }

    private static void requireSameUnits(List<String> ranked, List<SkillUnit> units, Path dir) {
        Set<String> model = new HashSet<>();
        units.forEach(u -> model.add(u.name()));
        if (!model.equals(new HashSet<>(ranked))) {
            throw new IllegalArgumentException(dir + "/tasks/*/units.csv names " + ranked.size()
                    + " units that are not the adapter's " + units.size() + " units at this granularity");
        }
    }
}
