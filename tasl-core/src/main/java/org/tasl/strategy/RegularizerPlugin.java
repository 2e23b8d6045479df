package org.tasl.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.tasl.cl.OLoraRegularizer;
import org.tasl.cl.OrthogonalityRegularizer;

/** The loss terms that keep adapters apart: TasLoRA's orthogonality (§6) and O-LoRA's (§7). */
public final class RegularizerPlugin implements TrainingPlugin {
    private final OrthogonalityRegularizer orthogonality;
    private final OLoraRegularizer olora;

    private RegularizerPlugin(OrthogonalityRegularizer orthogonality, OLoraRegularizer olora) {
        this.orthogonality = orthogonality;
        this.olora = olora;
    }

    public static RegularizerPlugin tasLora(StrategySettings cfg) {
        return new RegularizerPlugin(new OrthogonalityRegularizer(cfg.orthoLambda()), null);
    }

    public static RegularizerPlugin oLora(StrategySettings cfg) {
        return new RegularizerPlugin(null, new OLoraRegularizer(cfg.oloraLambda1(), cfg.oloraLambda2()));
    }

    @Override
    public NDArray extraLoss(TaskContext ctx, NDManager scope) {
        if (orthogonality != null) {
            return orthogonality.penalty(scope, ctx.trainable());
        }
        if (ctx.taskIndex() == 0 && ctx.config().oloraLambda2() == 0f) {
            return null; // no earlier adapter to be orthogonal to, and no L2 term
        }
        return olora.penalty(scope, ctx.model().lora().loraParameters(), AdapterManager.adapterForTask(ctx.taskIndex()));
    }
}
