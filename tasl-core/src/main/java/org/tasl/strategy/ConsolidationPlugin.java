package org.tasl.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import org.tasl.cl.AdaptiveConsolidation;
import org.tasl.cl.Consolidation;
import org.tasl.cl.SkillUnit;
import org.tasl.cl.StaticConsolidation;
import org.tasl.cl.UnitDecision;

/**
 * Skill consolidation (TASL_SPEC §5) as a plugin: keeps θ̂_{k−1}, and once task k is trained
 * merges it with θ_k unit by unit — static (four categories) or adaptive (soft weights) — so
 * that θ̂_k is what gets evaluated and what task k+1 starts from.
 */
public final class ConsolidationPlugin implements TrainingPlugin {
    private final ImportancePlugin importance;
    private final Consolidation rule;
    private NDManager previousManager;
    private Map<String, NDArray> previous;

    public ConsolidationPlugin(StrategySettings cfg, ImportancePlugin importance) {
        this.importance = importance;
        this.rule = create(cfg);
    }

    /** The rule a run's options describe (also used by the what-if command). */
    public static Consolidation create(StrategySettings cfg) {
        String name = cfg.consolidation();
        return switch (name) {
            case "static" -> new StaticConsolidation(cfg.percentile(), cfg.weightBothPrevious(),
                    cfg.weightShared());
            case "adaptive" -> new AdaptiveConsolidation(cfg.tau());
            default -> throw new IllegalArgumentException("consolidation must be static or adaptive, got '" + name + "'");
        };
    }

    @Override
    public void beforeTask(TaskContext ctx) {
        release();
        if (ctx.taskIndex() > 0) {
            previousManager = ctx.model().manager().newSubManager();
            previous = AdapterManager.copyOf(ctx.trainable());
            previous.values().forEach(a -> a.attach(previousManager));
        }
    }

    @Override
    public void afterTraining(TaskContext ctx) {
        int k = ctx.taskIndex();
        if (k == 0 || previous == null) {
            return;
        }
        List<SkillUnit> units = importance.units();
        Map<String, UnitDecision> decisions = rule.decide(units, importance.cumulative(), importance.current());
        Map<String, NDArray> live = ctx.trainable();
        try (NDManager scope = ctx.model().manager().newSubManager()) {
            Map<String, NDArray> merged = rule.apply(units, decisions, previous, live, scope);
            merged.forEach((name, value) -> AdapterManager.assign(live.get(name), value));
        }
        importance.recordDecisions(decisions, rule.name());
        release();
    }

    private void release() {
        if (previousManager != null) {
            previousManager.close();
            previousManager = null;
            previous = null;
        }
    }
}
