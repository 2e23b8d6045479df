package org.tasl.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tasl.cl.ConsolidationCategory;
import org.tasl.cl.SkillUnit;
import org.tasl.cl.UnitDecision;
import org.tasl.event.RunEvent;
import org.tasl.run.RunConfig;

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
    private final RunConfig cfg;

    SkillReplayPlugin(RunConfig cfg, ImportancePlugin importance, ReplayPlugin memory) {
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
            Map<String, NDArray> mask = buildMask(importance.units(), decisions, ctx.trainable(), masks);
            TrainingPlugin masking = new TrainingPlugin() {
                @Override
                public void beforeOptimizerStep(TaskContext c, int step, Map<String, NDArray> grads) {
                    grads.forEach((name, g) -> g.muli(mask.get(name)));
                }
            };
            ctx.events().log("info", "replay pass on " + memory.memory().size() + " remembered examples, "
                    + "training the units important to previous tasks");
            new TaskTrainer(ctx, List.of(masking), ctx.cancellation())
                    .train(memory.memory().examples(), cfg.getLong("seed") * 7_919L + ctx.taskIndex());
        }
    }

    /** 1 on the elements of units important to previous tasks, 0 elsewhere, per trainable tensor. */
    static Map<String, NDArray> buildMask(List<SkillUnit> units, Map<String, UnitDecision> decisions,
            Map<String, NDArray> trainable, NDManager into) {
        Map<String, NDArray> mask = new HashMap<>();
        trainable.forEach((name, t) -> mask.put(name, into.zeros(t.getShape(), t.getDataType(), t.getDevice())));
        for (SkillUnit u : units) {
            UnitDecision d = decisions.get(u.name());
            if (d == null || !OLD_SKILLS.contains(d.category())) {
                continue;
            }
            if (u.kind() == SkillUnit.Kind.RANK) {
                mask.get(u.tensor()).set(new NDIndex("{}, :", u.rank()), 1f);
                mask.get(u.bTensor()).set(new NDIndex(":, {}", u.rank()), 1f);
            } else {
                for (String t : u.tensors()) {
                    mask.get(t).set(new NDIndex(":"), 1f);
                }
            }
        }
        return mask;
    }
}
