package org.tasl.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tasl.cl.Consolidation;
import org.tasl.cl.ConsolidationCategory;
import org.tasl.cl.CumulativeImportance;
import org.tasl.cl.SkillUnit;
import org.tasl.cl.SkillUnits;
import org.tasl.cl.UnitDecision;
import org.tasl.cl.UnitRecord;
import org.tasl.data.Task;
import org.tasl.eval.AccuracyMatrix;
import org.tasl.event.RunEvent;
import org.tasl.model.LanguageModel;

/**
 * Re-runs consolidation (TASL_SPEC §4–§5) of a finished run from its saved θ_k and unit
 * importance, with another strategy or other constants, without retraining, and re-evaluates
 * every θ̂_k. Exact for the last task; for earlier tasks the saved θ_k were trained starting from
 * the original run's θ̂_{k−1}, not from the new one — the output says so.
 */
public final class WhatIfConsolidation {
    public static final String CAVEAT = "exact for the last task; earlier tasks' θ_k were trained from the original "
            + "run's θ̂_{k-1}, so rows before the last are an approximation of retraining";

    private final LearnerSink source;
    private final StrategySettings config;
    private final LanguageModel model;
    private final List<Task> tasks;
    private final LearnerSink target;
    private final RunEvents events;

    public WhatIfConsolidation(LearnerSink source, StrategySettings config, LanguageModel model, List<Task> tasks,
            LearnerSink target, RunEvents events) {
        this.source = source;
        this.config = config;
        this.model = model;
        this.tasks = tasks;
        this.target = target;
        this.events = events;
    }

    /** Consolidates task after task, evaluates each θ̂_k, writes the target run; returns the matrix. */
    public AccuracyMatrix run() {
        Method method = Method.of(config.method());
        if (method.adapters() != AdapterPolicy.SHARED_LORA && method.adapters() != AdapterPolicy.FULL) {
            throw new IllegalArgumentException("consolidate needs a run of a method that carries one model from task to "
                    + "task (tasl, taslora, tasl-replay, seqlora, seqft, replay, ewc); this run is " + method.id());
        }
        Consolidation rule = ConsolidationPlugin.create(config);
        CumulativeImportance cumulativeRule = new CumulativeImportance(config.cumulativeBeta());
        AdapterManager adapters = new AdapterManager(model, method, config);
        adapters.prepareTask(0);
        Evaluator evaluator = new Evaluator(config.evalBatchSize(), config.evalMode(), 32);
        AccuracyMatrix matrix = new AccuracyMatrix(tasks.stream().map(Task::name).toList());
        Map<String, Double> cumulative = null;
        try (NDManager keep = model.manager().newSubManager()) {
            Map<String, NDArray> previous = null;
            for (int k = 0; k < tasks.size(); k++) {
                Task task = tasks.get(k);
                try (NDManager scope = model.manager().newSubManager()) {
                    adapters.load(source.loadAdapters(k, task.name(), LearnerSink.Stage.THETA, scope));
                }
                Map<String, NDArray> live = adapters.state();
                List<SkillUnit> units = SkillUnits.of(ImportancePlugin.granularity(config.granularity()), live);
                Map<String, Double> current = new LinkedHashMap<>();
                for (UnitRecord r : source.savedUnits(k, task.name())) {
                    current.put(r.unit(), r.importance());
                }
                Map<String, UnitDecision> decisions;
                if (k == 0) {
                    decisions = UnitDecision.takeCurrent(units, ConsolidationCategory.INITIAL);
                } else {
                    decisions = rule.decide(units, cumulative, current);
                    try (NDManager scope = model.manager().newSubManager()) {
                        Map<String, NDArray> merged = rule.apply(units, decisions, previous, live, scope);
                        merged.forEach((name, v) -> AdapterManager.assign(live.get(name), v));
                    }
                }
                cumulative = cumulative == null ? new LinkedHashMap<>(current) : cumulativeRule.next(cumulative, current);
                if (previous != null) {
                    previous.values().forEach(NDArray::close);
                }
                previous = AdapterManager.copyOf(live);
                previous.values().forEach(a -> a.attach(keep));
                target.adapters(k, task.name(), LearnerSink.Stage.THETA_HAT, live);
                List<UnitRecord> records = new ArrayList<>();
                for (SkillUnit u : units) {
                    UnitDecision d = decisions.get(u.name());
                    records.add(new UnitRecord(u.name(), u.layer(), u.module(), u.kind().label(), u.rank(),
                            current.getOrDefault(u.name(), Double.NaN), cumulative.getOrDefault(u.name(), Double.NaN),
                            d.category().label(), d.weight()));
                }
                target.units(k, task.name(), records);
                double[] row = new double[tasks.size()];
                for (int i = 0; i < tasks.size(); i++) {
                    row[i] = evaluator.score(model, tasks.get(i));
                }
                matrix.setRow(k, row);
                events.publish(RunEvent.Type.TASK_EVALUATED, "task", k, "task_name", task.name(), "row",
                        ContinualLearner.toList(row), "tasks", matrix.tasks(), "metric", task.metric().wire());
                target.taskCompleted(new TaskRecord(k, task.name(), row, 0, 0, 0), matrix);
            }
        }
        double[] baseline = source.savedBaseline();
        if (baseline != null) {
            target.baseline(baseline);
        }
        return matrix;
    }
}
