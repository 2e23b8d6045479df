package org.tasl.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tasl.cl.EwcPenalty;

/**
 * Elastic weight consolidation as a plugin: the Fisher is gathered from each step's gradients,
 * anchored at the end of the task, and penalizes later tasks' updates.
 */
public final class EwcPlugin implements TrainingPlugin {
    static final String FILE = "ewc.safetensors";
    private final double lambda;
    private EwcPenalty ewc;

    public EwcPlugin(StrategySettings cfg) {
        this.lambda = cfg.ewcLambda();
    }

    private EwcPenalty ewc(TaskContext ctx) {
        if (ewc == null) {
            ewc = new EwcPenalty(ctx.model().manager(), lambda);
        }
        return ewc;
    }

    @Override
    public NDArray extraLoss(TaskContext ctx, NDManager scope) {
        EwcPenalty e = ewc(ctx);
        return e.tasks() == 0 ? null : e.penalty(scope, ctx.trainable());
    }

    @Override
    public void afterStep(TaskContext ctx, int step, Map<String, NDArray> grads) {
        // the trainer hands plugins only steps whose gradients it found finite
        ewc(ctx).accumulateFinite(grads);
    }

    @Override
    public void afterTraining(TaskContext ctx) {
        ewc(ctx).endTask(ctx.trainable());
    }

    @Override
    public void save(TaskContext ctx, Path taskDir) {
        Map<String, NDArray> all = new LinkedHashMap<>();
        ewc(ctx).fisher().forEach((k, v) -> all.put("fisher/" + k, v));
        ewc(ctx).anchor().forEach((k, v) -> all.put("anchor/" + k, v));
        TensorFiles.write(taskDir.resolve(FILE), all);
    }

    @Override
    public void restore(TaskContext ctx, Path taskDir) throws IOException {
        Path f = taskDir.resolve(FILE);
        if (!Files.exists(f)) {
            throw new IOException(f + " is missing: cannot resume an EWC run without its Fisher");
        }
        try (NDManager scope = ctx.model().manager().newSubManager()) {
            Map<String, NDArray> fisher = new LinkedHashMap<>();
            Map<String, NDArray> anchor = new LinkedHashMap<>();
            TensorFiles.read(f, scope).forEach((k, v) -> {
                if (k.startsWith("fisher/")) {
                    fisher.put(k.substring(7), v);
                } else if (k.startsWith("anchor/")) {
                    anchor.put(k.substring(7), v);
                }
            });
            ewc(ctx).restore(fisher, anchor, ctx.taskIndex() + 1);
        }
    }
}
