package org.tasl.strategy;

/**
 * The options a method reads, typed, with the value the run resolved (set, preset, method or
 * spec default); each getter names its run option ({@code lr}, {@code tau}, {@code lora_r}, ...;
 * docs/ARCHITECTURE.md). Declared here so that the methods need nothing of the run layer; the run
 * layer's {@code RunConfig} is one, with its keys, defaults and error messages. A getter of a
 * number or a flag fails with "option KEY has no value" when the run gives the option none; a
 * getter of text returns null then.
 */
public interface StrategySettings {
    /** The method id (tasl, taslora, olora, ...): option {@code method}. */
    String method();

    /** Option {@code seed}: sampling, shuffling, initialisation and dropout. */
    long seed();

    // ---- training (TaskTrainer) ----

    /** Option {@code batch_size}: examples per micro-batch. */
    int batchSize();

    /** Option {@code grad_accum}: micro-batches per optimizer step. */
    int gradAccum();

    /** Option {@code epochs}: epochs per task. */
    int epochs();

    /** Option {@code lr}: the peak learning rate. */
    float lr();

    /** Option {@code warmup_steps}: linear warm-up steps, -1 to use {@link #warmupRatio()}. */
    int warmupSteps();

    /** Option {@code warmup_ratio}: linear warm-up as a fraction of a task's optimizer steps. */
    float warmupRatio();

    /** Option {@code constant_lr}: no warm-up or decay. */
    boolean constantLr();

    /** Option {@code max_grad_norm}: global gradient-norm clipping. */
    float maxGradNorm();

    /** Option {@code weight_decay}: AdamW weight decay. */
    float weightDecay();

    /**
     * Option {@code cuda_graphs}: whether training may replay captured CUDA graphs (auto) or not
     * (off); they are used only where the device and library support them.
     */
    boolean cudaGraphs();

    // ---- evaluation ----

    /** Option {@code eval_batch_size}: examples per evaluation batch. */
    int evalBatchSize();

    /** Option {@code eval_mode}: rank or generate. */
    String evalMode();

    /** Option {@code label_loss}: vocab or labels. */
    String labelLoss();

    // ---- LoRA ----

    /** Option {@code lora_r}: the LoRA rank. */
    int loraR();

    /** Option {@code lora_alpha}. */
    float loraAlpha();

    /** Option {@code lora_dropout}. */
    float loraDropout();

    /** Option {@code lora_targets}: q,v or all. */
    String loraTargets();

    // ---- importance and consolidation (TaSL) ----

    /** Option {@code granularity}: tensor, matrix or rank; null when the method has none. */
    String granularity();

    /** Option {@code importance}: first, mix or second; null when the method has none. */
    String importance();

    /** Option {@code importance_beta1}: EMA factor of the sensitivity. */
    float importanceBeta1();

    /** Option {@code importance_beta2}: EMA factor of the uncertainty. */
    float importanceBeta2();

    /** Option {@code importance_permuted}: the permuted-importance control. */
    boolean importancePermuted();

    /** Option {@code snapshot_every}: an importance snapshot event every N optimizer steps. */
    int snapshotEvery();

    /** Option {@code cumulative_beta}: weight of past importance in the cumulative importance. */
    float cumulativeBeta();

    /** Option {@code consolidation}: static, adaptive or none; null when the method has none. */
    String consolidation();

    /** Option {@code percentile}: static consolidation's threshold of 'important'. */
    float percentile();

    /** Option {@code weight_both_previous}: static, the previous model's weight on units important to both. */
    float weightBothPrevious();

    /** Option {@code weight_shared}: static, the previous model's weight on units important to neither. */
    float weightShared();

    /** Option {@code tau}: adaptive consolidation temperature. */
    float tau();

    // ---- regularizers and replay ----

    /** Option {@code ortho_lambda}: TasLoRA's orthogonality weight. */
    float orthoLambda();

    /** Option {@code olora_lambda1}: O-LoRA's orthogonality weight. */
    float oloraLambda1();

    /** Option {@code olora_lambda2}: O-LoRA's L2 weight. */
    float oloraLambda2();

    /** Option {@code replay_fraction}: replay memory per past task, as a fraction of its training set. */
    float replayFraction();

    /** Option {@code replay_min}: replay memory per past task, at least. */
    int replayMin();

    /** Option {@code ewc_lambda}: the EWC penalty weight. */
    float ewcLambda();
}
