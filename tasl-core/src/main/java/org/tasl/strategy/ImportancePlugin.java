package org.tasl.strategy;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tasl.cl.ConsolidationCategory;
import org.tasl.cl.CumulativeImportance;
import org.tasl.cl.Granularity;
import org.tasl.cl.ImportanceMetric;
import org.tasl.cl.ImportanceMetrics;
import org.tasl.cl.ImportancePermutation;
import org.tasl.cl.ImportanceTracker;
import org.tasl.cl.SkillUnit;
import org.tasl.cl.SkillUnits;
import org.tasl.cl.UnitDecision;
import org.tasl.cl.UnitRecord;
import org.tasl.event.RunEvent;

/**
 * Skill localization (TASL_SPEC §2–§4) as a plugin: tracks element importance after every
 * optimizer step, reduces it to skill units when the task is trained, keeps the cumulative
 * importance Î across tasks, and writes each task's units.csv. Every method gets it, so the
 * skill map of SeqLoRA can be compared with TaSL's; only consolidating methods act on it.
 */
public final class ImportancePlugin implements TrainingPlugin {
    private final Granularity granularity;
    private ImportanceMetric metric;
    private final double beta1;
    private final double beta2;
    private final int snapshotEvery;
    private final CumulativeImportance cumulativeRule;
    private final boolean permuted;
    private final long seed;
    private ImportanceTracker tracker;
    private List<SkillUnit> units = List.of();
    private Map<String, Double> current = Map.of();
    private Map<String, Double> cumulative = null;
    private Map<String, UnitDecision> decisions;
    private String strategy;

    public ImportancePlugin(StrategySettings cfg, ImportanceMetric customMetric) {
        this.granularity = granularity(cfg.granularity());
        this.metric = customMetric != null ? customMetric : ImportanceMetrics.named(metricName(cfg.importance()));
        this.beta1 = cfg.importanceBeta1();
        this.beta2 = cfg.importanceBeta2();
        this.snapshotEvery = Math.max(1, cfg.snapshotEvery());
        this.cumulativeRule = new CumulativeImportance(cfg.cumulativeBeta());
        this.permuted = cfg.importancePermuted();
        this.seed = cfg.seed();
    }

    /** Our short option names (tensor, matrix, rank) and the rule-level labels both work. */
    public static Granularity granularity(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "tensor", "matrix-full", "full" -> Granularity.MATRIX_FULL;
            case "matrix", "matrix-lora", "lora" -> Granularity.MATRIX_LORA;
            case "rank", "lora-rank" -> Granularity.LORA_RANK;
            default -> Granularity.parse(name);
        };
    }

    static String metricName(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "first", "first-order", "first_order" -> "first_order";
            case "mix", "second-order-mix" -> "mix";
            case "second", "second-order", "second_order" -> "second_order";
            default -> name;
        };
    }

    public void setMetric(ImportanceMetric m) {
        this.metric = m;
    }

    @Override
    public void beforeTask(TaskContext ctx) {
        closeTracker();
        units = SkillUnits.of(granularity, ctx.trainable());
        tracker = new ImportanceTracker(ctx.model().manager(), metric, beta1, beta2);
        decisions = null;
        strategy = null;
    }

    @Override
    public void afterStep(TaskContext ctx, int step, Map<String, NDArray> grads) {
        // the trainer hands plugins only steps whose gradients it found finite
        tracker.updateFinite(ctx.trainable(), grads);
        if ((step + 1) % snapshotEvery == 0 && tracker.steps() > 0) {
            double[] s = tracker.snapshot(units);
            List<Map<String, Object>> rows = new ArrayList<>(units.size());
            for (int i = 0; i < s.length; i++) {
                SkillUnit u = units.get(i);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("unit", u.name());
                r.put("layer", u.layer());
                r.put("module", u.module());
                r.put("kind", u.kind().label());
                r.put("rank", u.rank());
                r.put("score", s[i]);
                rows.add(r);
            }
            ctx.events().publish(RunEvent.Type.IMPORTANCE_SNAPSHOT, "task", ctx.taskIndex(), "task_name",
                    ctx.task().name(), "step", step + 1, "units", rows);
        }
    }

    @Override
    public void afterTraining(TaskContext ctx) {
        current = tracker.unitScores(units);
        if (permuted) {
            // The control run: every later rule (cumulative importance, consolidation, units.csv)
            // sees the task's scores dealt to the units at random.
            current = ImportancePermutation.permute(current, seed * 1_000_003L + ctx.taskIndex());
        }
        closeTracker();
    }

    /** I(U_k) of the task just trained, by unit name. */
    public Map<String, Double> current() {
        return current;
    }

    /** Î_{k−1} while task k is consolidated (null before the first task is done). */
    public Map<String, Double> cumulative() {
        return cumulative;
    }

    public List<SkillUnit> units() {
        return units;
    }

    /** The consolidation decisions of the current task (null before consolidation or without it). */
    public Map<String, UnitDecision> decisions() {
        return decisions;
    }

    /** Called by the consolidation plugin with its decisions before the cumulative update. */
    void recordDecisions(Map<String, UnitDecision> d, String strategy) {
        this.decisions = d;
        this.strategy = strategy;
    }

    @Override
    public void afterTask(TaskContext ctx) {
        int k = ctx.taskIndex();
        Map<String, UnitDecision> d = decisions != null ? decisions
                : UnitDecision.takeCurrent(units, k == 0 ? ConsolidationCategory.INITIAL : ConsolidationCategory.NONE);
        cumulative = cumulative == null ? new LinkedHashMap<>(current) : cumulativeRule.next(cumulative, current);
        List<UnitRecord> records = new ArrayList<>(units.size());
        for (SkillUnit u : units) {
            UnitDecision ud = d.get(u.name());
            records.add(new UnitRecord(u.name(), u.layer(), u.module(), u.kind().label(), u.rank(),
                    current.getOrDefault(u.name(), Double.NaN), cumulative.getOrDefault(u.name(), Double.NaN),
                    ud == null ? "none" : ud.category().label(), ud == null ? 1.0 : ud.weight()));
        }
        ctx.sink().units(k, ctx.task().name(), records);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (UnitRecord r : records) {
            Map<String, Object> row = new LinkedHashMap<>(r.toJson());
            row.put("score", r.importance());
            rows.add(row);
        }
        ctx.events().publish(RunEvent.Type.CONSOLIDATION, "task", k, "task_name", ctx.task().name(), "strategy",
                decisions != null ? strategy : (k == 0 ? "initial" : "none"), "units", rows);
    }

    @Override
    public void restore(TaskContext ctx, Path taskDir) throws IOException {
        cumulative = new LinkedHashMap<>();
        for (UnitRecord r : ctx.sink().savedUnits(ctx.taskIndex(), ctx.task().name())) {
            cumulative.put(r.unit(), r.cumulative());
        }
    }

    private void closeTracker() {
        if (tracker != null) {
            tracker.close();
            tracker = null;
        }
    }
}
