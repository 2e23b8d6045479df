package org.tasl.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tasl.cl.ConsolidationCategory;
import org.tasl.cl.UnitDecision;
import org.tasl.cl.UnitMask;

/**
 * TaSL+Replay (TASL_SPEC §7): after task k is consolidated, a pass over the replay memory
 * trains only the skill units that matter to previous tasks (categories "both" and
 * "previous"); units specific to task k stay frozen, so the new skill is not disturbed while
 * the old ones are refreshed.
 */
public final class SkillReplayPlugin implements TrainingPlugin {
    private static final Set<ConsolidationCategory> OLD_SKILLS = Set.of(ConsolidationCategory.BOTH,
            ConsolidationCategory.PREVIOUS);
    private final ImportancePlugin importance;
    private final ReplayPlugin memory;
    private final StrategySettings cfg;

    SkillReplayPlugin(StrategySettings cfg, ImportancePlugin importance, ReplayPlugin memory) {
        this.cfg = cfg;
        this.importance = importance;
        this.memory = memory;
    }

    @Override
    public void afterTraining(TaskContext ctx) {
        Map<String, UnitDecision> decisions = importance.decisions();
        if (ctx.taskIndex() == 0 || decisions == null || memory.memory().size() == 0) {
            return;
        }
        try (NDManager masks = ctx.model().manager().newSubManager()) {
            Map<String, NDArray> mask = UnitMask.of(importance.units(), UnitMask.unitsIn(decisions, OLD_SKILLS),
                    ctx.trainable(), masks);
            TrainingPlugin masking = new TrainingPlugin() {
                @Override
                public void beforeOptimizerStep(TaskContext c, int step, Map<String, NDArray> grads) {
                    UnitMask.apply(mask, grads);
                }
            };
            ctx.events().log("info", "replay pass on " + memory.memory().size() + " remembered examples, "
                    + "training the units important to previous tasks");
            new TaskTrainer(ctx, List.of(masking), ctx.cancellation())
                    .train(memory.memory().examples(), cfg.seed() * 7_919L + ctx.taskIndex());
        }
    }
}
