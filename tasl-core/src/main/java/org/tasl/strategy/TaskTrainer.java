package org.tasl.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tasl.data.Example;
import org.tasl.event.RunEvent;
import org.tasl.model.LanguageModel;
import org.tasl.nn.Gradients;
import org.tasl.nn.Scalars;
import org.tasl.train.AdamW;
import org.tasl.train.GraphedForwardBackward;
import org.tasl.train.LearningRateSchedule;
import org.tasl.train.StepReadout;

/**
 * Trains one task (TASL_SPEC §1 step 1–2): AdamW restarted per task, warm-up then linear decay,
 * gradient accumulation and global-norm clipping, plugins hooked around every step. A step reads
 * from the device once (gradient norm, finiteness and losses together: {@link StepReadout}). Every
 * array a step creates lives in that step's scope; the model's parameters are attached to the
 * scope for the step so that everything derived from them is freed with it.
 */
final class TaskTrainer {
    private final TaskContext ctx;
    private final List<TrainingPlugin> plugins;
    private final CancellationToken cancel;

    TaskTrainer(TaskContext ctx, List<TrainingPlugin> plugins, CancellationToken cancel) {
        this.ctx = ctx;
        this.plugins = plugins;
        this.cancel = cancel;
    }

    /** Trains on {@code data}; returns {steps, skipped}. */
    int[] train(List<Example> data, long seed) {
        StrategySettings cfg = ctx.config();
        LanguageModel model = ctx.model();
        int batch = cfg.batchSize();
        int accum = Math.max(1, cfg.gradAccum());
        int epochs = Math.max(1, cfg.epochs());
        int micro = (data.size() + batch - 1) / batch;
        int stepsPerEpoch = Math.max(1, (micro + accum - 1) / accum);
        int total = stepsPerEpoch * epochs;
        LearningRateSchedule schedule = new LearningRateSchedule(cfg.lr(),
                LearningRateSchedule.warmupSteps(cfg.warmupSteps(), cfg.warmupRatio(), total), total,
                cfg.constantLr());
        float clip = cfg.maxGradNorm();
        Map<String, NDArray> trainable = ctx.trainable();
        Random rng = new Random(seed);
        int step = 0;
        int skipped = 0;
        NDArray[] params = model.parameters().values().toArray(NDArray[]::new);
        Gradients.zero(trainable);
        try (AdamW opt = AdamW.withDefaults(model.manager(), cfg.weightDecay());
                GraphedForwardBackward forwardBackward = GraphedForwardBackward.open(model, cfg.cudaGraphs())) {
            for (int epoch = 0; epoch < epochs; epoch++) {
                List<Example> order = new ArrayList<>(data);
                java.util.Collections.shuffle(order, rng);
                for (int s = 0; s < stepsPerEpoch; s++) {
                    cancel.check();
                    float lr = schedule.rate(step);
                    double meanLoss;
                    try (NDManager scope = model.manager().newSubManager()) {
                        scope.tempAttachAll(params);
                        // the losses stay on the device: they are read with the step's gradient norm
                        List<NDArray> losses = new ArrayList<>(accum);
                        for (int a = 0; a < accum; a++) {
                            int from = (s * accum + a) * batch;
                            if (from >= order.size()) {
                                break;
                            }
                            List<Example> mb = order.subList(from, Math.min(order.size(), from + batch));
                            // the objective may be captured into a CUDA graph: device work only
                            losses.add(forwardBackward.lossAndBackward(scope, mb, (loss, sc) -> {
                                NDArray objective = loss;
                                for (TrainingPlugin p : plugins) {
                                    NDArray extra = p.extraLoss(ctx, sc);
                                    if (extra != null) {
                                        objective = objective.add(extra);
                                    }
                                }
                                return accum > 1 ? Scalars.div(objective, accum) : objective;
                            }));
                        }
                        Map<String, NDArray> grads = Gradients.collect(trainable, scope);
                        // the step's one device→host transfer: norm, finiteness and losses together
                        StepReadout readout = StepReadout.read(grads, losses, scope);
                        meanLoss = readout.meanLoss();
                        if (!readout.finite()) {
                            skipped++;
                            for (TrainingPlugin p : plugins) {
                                p.skippedStep(ctx, step);
                            }
                        } else {
                            Gradients.clipToNorm(grads, readout.gradNorm(), clip);
                            for (TrainingPlugin p : plugins) {
                                p.beforeOptimizerStep(ctx, step, grads);
                            }
                            opt.step(trainable, grads, lr);
                            for (TrainingPlugin p : plugins) {
                                p.afterStep(ctx, step, grads);
                            }
                        }
                        Gradients.zero(trainable);
                    }
                    // Published once the step's scope is closed: a listener sees the memory a
                    // step leaves behind, not its temporaries.
                    ctx.events().publish(RunEvent.Type.STEP, "task", ctx.taskIndex(), "task_name",
                            ctx.task().name(), "step", step + 1, "steps", total, "epoch", epoch + 1,
                            "loss", finite(meanLoss), "lr", (double) lr);
                    step++;
                }
            }
            if (forwardBackward.captures() > 0) {
                ctx.events().log("info", "task " + ctx.task().name() + ": " + forwardBackward.summary());
            }
        }
        return new int[] {step, skipped};
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
