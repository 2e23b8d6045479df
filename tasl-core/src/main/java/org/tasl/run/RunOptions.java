package org.tasl.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every option of a run, with the defaults of TASL_SPEC.md. A protocol preset (eval_mode), a
 * method (O-LoRA's published lr, α and dropout) or the backbone's recipe ({@link BackboneRecipe})
 * may override a default, in that order; an explicit value always wins. Each option is a typed
 * constant: Java code reads {@code config.get(RunOptions.LR)} (a Double), so a misspelt option
 * is a compile error; the command line, scripts and config.json name options by {@link RunOption#key()}.
 */
public final class RunOptions {
    private static final Map<String, RunOption<?>> ALL = new LinkedHashMap<>();

    public static final RunOption<String> METHOD =
            text("method", "tasl", "tasl, taslora, tasl-replay, seqft, seqlora, inclora, olora, replay, ewc, mtl, pertask");
    public static final RunOption<String> BACKBONE =
            text("backbone", "all-minilm-l6-v2", "catalog name (./tasl models) or a Hugging Face folder");
    public static final RunOption<String> BENCHMARK =
            text("benchmark", "long-sequence", "benchmark folder under the data directory, or 'builtin'");
    public static final RunOption<Integer> ORDER =
            integer("order", null, "task order number (TASL_SPEC §9)");
    public static final RunOption<List<String>> TASKS =
            list("tasks", null, "explicit comma-separated task list (instead of --order)");
    public static final RunOption<String> DATA_DIR =
            text("data_dir", null, "benchmark root; else $TASL_DATA, else ~/.tasl/benchmarks");
    public static final RunOption<Integer> TRAIN_PER_TASK =
            integer("train_per_task", 200, "training examples per task (subsampled with the seed; 0 = all)");
    public static final RunOption<Integer> EVAL_PER_TASK =
            integer("eval_per_task", 100, "evaluation examples per task (0 = all)");
    public static final RunOption<Integer> EPOCHS =
            integer("epochs", 1, "epochs per task (bert-base recipe: 3)");
    public static final RunOption<Long> SEED =
            longInteger("seed", 42L, "seed for sampling, shuffling, initialisation and dropout");
    public static final RunOption<Long> DATA_SEED =
            longInteger("data_seed", null, "seed for subsampling the benchmark (default: --seed)");
    public static final RunOption<String> DEVICE =
            text("device", "auto", "cpu, gpu or auto");
    public static final RunOption<String> PRECISION =
            text("precision", "fp32", "fp32, or bf16: frozen weights in bfloat16, LoRA, importance and optimizer state in fp32 (BERT-family; GPU)");
    public static final RunOption<String> CUDA_GRAPHS =
            text("cuda_graphs", "auto", "auto: on a GPU with the project's native library, each training micro-batch's "
                    + "forward and backward pass is captured once per input shape (lengths padded to a multiple of "
                    + "32) and then replayed as one CUDA graph; off: dispatched op by op");
    public static final RunOption<Integer> BATCH_SIZE =
            integer("batch_size", 8, "examples per micro-batch");
    public static final RunOption<Integer> GRAD_ACCUM =
            integer("grad_accum", 1, "micro-batches per optimizer step");
    public static final RunOption<Double> LR =
            real("lr", 3e-4, "peak learning rate (bert-base recipe: 1e-3; O-LoRA: 1e-3 constant)");
    public static final RunOption<Double> WARMUP_RATIO =
            real("warmup_ratio", 0.06, "linear warm-up as a fraction of each task's optimizer steps");
    public static final RunOption<Integer> WARMUP_STEPS =
            integer("warmup_steps", -1, "linear warm-up steps, overriding warmup_ratio (-1: use warmup_ratio)");
    public static final RunOption<Boolean> CONSTANT_LR =
            flag("constant_lr", false, "no warm-up or decay");
    public static final RunOption<Double> WEIGHT_DECAY =
            real("weight_decay", null, "AdamW weight decay (default 0.01 full fine-tuning, 0 LoRA)");
    public static final RunOption<Double> MAX_GRAD_NORM =
            real("max_grad_norm", 1.0, "global gradient-norm clipping");
    public static final RunOption<Integer> MAX_INPUT_TOKENS =
            integer("max_input_tokens", 128, "inputs are cut to this many tokens, passage first (recipe: bert-base "
                    + "256, T5/LLaMA 512)");
    public static final RunOption<Integer> LORA_R =
            integer("lora_r", 8, "LoRA rank");
    public static final RunOption<Double> LORA_ALPHA =
            real("lora_alpha", 16.0, "LoRA alpha (scaling alpha/r)");
    public static final RunOption<Double> LORA_DROPOUT =
            real("lora_dropout", 0.05, "LoRA dropout");
    public static final RunOption<String> LORA_TARGETS =
            text("lora_targets", "q,v", "projections that get LoRA: q,v or all (q,k,v,o)");
    public static final RunOption<String> GRANULARITY =
            text("granularity", null, "skill units: tensor, matrix (LoRA A/B) or rank (default per method)");
    public static final RunOption<String> IMPORTANCE =
            text("importance", null, "element score: first, mix or second (default per method)");
    public static final RunOption<Double> IMPORTANCE_BETA1 =
            real("importance_beta1", 0.85, "EMA factor of the sensitivity");
    public static final RunOption<Double> IMPORTANCE_BETA2 =
            real("importance_beta2", 0.85, "EMA factor of the uncertainty");
    public static final RunOption<Boolean> IMPORTANCE_PERMUTED =
            flag("importance_permuted", false, "control: shuffle each task's unit importance across the units (seeded) before cumulative importance and consolidation");
    public static final RunOption<Double> CUMULATIVE_BETA =
            real("cumulative_beta", 0.7, "weight of past importance in the cumulative importance");
    public static final RunOption<String> CONSOLIDATION =
            text("consolidation", null, "static, adaptive or none (default per method)");
    public static final RunOption<Double> PERCENTILE =
            real("percentile", 0.8, "static consolidation: 'important' means above this percentile");
    public static final RunOption<Double> WEIGHT_BOTH_PREVIOUS =
            real("weight_both_previous", 0.7, "static: weight of the previous model on units important to both");
    public static final RunOption<Double> WEIGHT_SHARED =
            real("weight_shared", 0.5, "static: weight of the previous model on units important to neither");
    public static final RunOption<Double> TAU =
            real("tau", 0.25, "adaptive consolidation temperature");
    public static final RunOption<Double> ORTHO_LAMBDA =
            real("ortho_lambda", 0.1, "TasLoRA orthogonality regularizer weight");
    public static final RunOption<Double> OLORA_LAMBDA1 =
            real("olora_lambda1", 0.5, "O-LoRA orthogonality weight");
    public static final RunOption<Double> OLORA_LAMBDA2 =
            real("olora_lambda2", 0.0, "O-LoRA L2 weight");
    public static final RunOption<Double> REPLAY_FRACTION =
            real("replay_fraction", 0.02, "replay memory per past task, as a fraction of its training set");
    public static final RunOption<Integer> REPLAY_MIN =
            integer("replay_min", 10, "replay memory per past task, at least");
    public static final RunOption<Double> EWC_LAMBDA =
            real("ewc_lambda", 5000.0, "EWC penalty weight");
    public static final RunOption<Integer> SNAPSHOT_EVERY =
            integer("snapshot_every", 5, "importance snapshot event every N optimizer steps");
    public static final RunOption<String> EVAL_MODE =
            text("eval_mode", "rank", "rank (choose among the task's labels) or generate (free decoding, "
                    + "exact match)");
    public static final RunOption<String> LABEL_LOSS =
            text("label_loss", "vocab", "encoders: training cross-entropy over the whole vocab or over the "
                    + "task's label tokens (labels)");
    public static final RunOption<String> PROTOCOL =
            text("protocol", "standard", "standard, or paper: free decoding + exact match (eval_mode=generate) "
                    + "as in the TaSL paper; ./tasl sweep --protocol paper --orders 4,5,6 runs every order");
    public static final RunOption<Integer> EVAL_BATCH_SIZE =
            integer("eval_batch_size", 16, "examples per evaluation batch");
    public static final RunOption<String> OUT =
            text("out", null, "run directory (default runs/<method>-<timestamp>)");

    private RunOptions() {}

    private static RunOption<String> text(String key, String def, String help) {
        return add(key, RunOption.Type.STRING, def, help);
    }

    private static RunOption<Integer> integer(String key, Integer def, String help) {
        return add(key, RunOption.Type.INT, def, help);
    }

    private static RunOption<Long> longInteger(String key, Long def, String help) {
        return add(key, RunOption.Type.LONG, def, help);
    }

    private static RunOption<Double> real(String key, Double def, String help) {
        return add(key, RunOption.Type.FLOAT, def, help);
    }

    private static RunOption<Boolean> flag(String key, Boolean def, String help) {
        return add(key, RunOption.Type.BOOLEAN, def, help);
    }

    private static RunOption<List<String>> list(String key, List<String> def, String help) {
        return add(key, RunOption.Type.LIST, def, help);
    }

    private static <T> RunOption<T> add(String key, RunOption.Type type, T def, String help) {
        RunOption<T> o = new RunOption<>(key, type, def, help);
        ALL.put(key, o);
        return o;
    }

    public static List<RunOption<?>> all() {
        return List.copyOf(ALL.values());
    }

    public static RunOption<?> get(String key) {
        RunOption<?> o = ALL.get(key);
        if (o == null) {
            throw new IllegalArgumentException("unknown run option '" + key + "'; known: " + String.join(", ", ALL.keySet()));
        }
        return o;
    }

    public static boolean has(String key) {
        return ALL.containsKey(key);
    }
}
