package org.tasl.run;

import static org.tasl.run.RunOption.Type.BOOLEAN;
import static org.tasl.run.RunOption.Type.FLOAT;
import static org.tasl.run.RunOption.Type.INT;
import static org.tasl.run.RunOption.Type.LIST;
import static org.tasl.run.RunOption.Type.LONG;
import static org.tasl.run.RunOption.Type.STRING;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every option of a run, with the defaults of TASL_SPEC.md. A protocol preset (eval_mode), a
 * method (O-LoRA's published lr, α and dropout) or the backbone's recipe ({@link BackboneRecipe})
 * may override a default, in that order; an explicit value always wins.
 */
public final class RunOptions {
    private static final Map<String, RunOption> ALL = new LinkedHashMap<>();

    static {
        add("method", STRING, "tasl", "tasl, taslora, tasl-replay, seqft, seqlora, inclora, olora, replay, ewc, mtl, pertask");
        add("backbone", STRING, "all-minilm-l6-v2", "catalog name (./tasl models) or a Hugging Face folder");
        add("benchmark", STRING, "long-sequence", "benchmark folder under the data directory, or 'builtin'");
        add("order", INT, null, "task order number (TASL_SPEC §9)");
        add("tasks", LIST, null, "explicit comma-separated task list (instead of --order)");
        add("data_dir", STRING, null, "benchmark root; else $TASL_DATA, else ~/.tasl/benchmarks");
        add("train_per_task", INT, 200, "training examples per task (subsampled with the seed; 0 = all)");
        add("eval_per_task", INT, 100, "evaluation examples per task (0 = all)");
        add("epochs", INT, 1, "epochs per task (bert-base recipe: 3)");
        add("seed", LONG, 42L, "seed for sampling, shuffling, initialisation and dropout");
        add("data_seed", LONG, null, "seed for subsampling the benchmark (default: --seed)");
        add("device", STRING, "auto", "cpu, gpu or auto");
        add("precision", STRING, "fp32", "fp32, or bf16: frozen weights in bfloat16, LoRA, importance and optimizer state in fp32 (BERT-family; GPU)");
        add("batch_size", INT, 8, "examples per micro-batch");
        add("grad_accum", INT, 1, "micro-batches per optimizer step");
        add("lr", FLOAT, 3e-4, "peak learning rate (bert-base recipe: 1e-3; O-LoRA: 1e-3 constant)");
        add("warmup_ratio", FLOAT, 0.06, "linear warm-up as a fraction of each task's optimizer steps");
        add("warmup_steps", INT, -1, "linear warm-up steps, overriding warmup_ratio (-1: use warmup_ratio)");
        add("constant_lr", BOOLEAN, false, "no warm-up or decay");
        add("weight_decay", FLOAT, null, "AdamW weight decay (default 0.01 full fine-tuning, 0 LoRA)");
        add("max_grad_norm", FLOAT, 1.0, "global gradient-norm clipping");
        add("max_input_tokens", INT, 128, "inputs are cut to this many tokens, passage first (recipe: bert-base "
                + "256, T5/LLaMA 512)");
        add("lora_r", INT, 8, "LoRA rank");
        add("lora_alpha", FLOAT, 16.0, "LoRA alpha (scaling alpha/r)");
        add("lora_dropout", FLOAT, 0.05, "LoRA dropout");
        add("lora_targets", STRING, "q,v", "projections that get LoRA: q,v or all (q,k,v,o)");
        add("granularity", STRING, null, "skill units: tensor, matrix (LoRA A/B) or rank (default per method)");
        add("importance", STRING, null, "element score: first, mix or second (default per method)");
        add("importance_beta1", FLOAT, 0.85, "EMA factor of the sensitivity");
        add("importance_beta2", FLOAT, 0.85, "EMA factor of the uncertainty");
        add("importance_permuted", BOOLEAN, false, "control: shuffle each task's unit importance across the units (seeded) before cumulative importance and consolidation");
        add("cumulative_beta", FLOAT, 0.7, "weight of past importance in the cumulative importance");
        add("consolidation", STRING, null, "static, adaptive or none (default per method)");
        add("percentile", FLOAT, 0.8, "static consolidation: 'important' means above this percentile");
        add("weight_both_previous", FLOAT, 0.7, "static: weight of the previous model on units important to both");
        add("weight_shared", FLOAT, 0.5, "static: weight of the previous model on units important to neither");
        add("tau", FLOAT, 0.25, "adaptive consolidation temperature");
        add("ortho_lambda", FLOAT, 0.1, "TasLoRA orthogonality regularizer weight");
        add("olora_lambda1", FLOAT, 0.5, "O-LoRA orthogonality weight");
        add("olora_lambda2", FLOAT, 0.0, "O-LoRA L2 weight");
        add("replay_fraction", FLOAT, 0.02, "replay memory per past task, as a fraction of its training set");
        add("replay_min", INT, 10, "replay memory per past task, at least");
        add("ewc_lambda", FLOAT, 5000.0, "EWC penalty weight");
        add("snapshot_every", INT, 5, "importance snapshot event every N optimizer steps");
        add("eval_mode", STRING, "rank", "rank (choose among the task's labels) or generate (free decoding, "
                + "exact match)");
        add("label_loss", STRING, "vocab", "encoders: training cross-entropy over the whole vocab or over the "
                + "task's label tokens (labels)");
        add("protocol", STRING, "standard", "standard, or paper: free decoding + exact match (eval_mode=generate) "
                + "as in the TaSL paper; tools/paper-protocol.sh runs every order");
        add("eval_batch_size", INT, 16, "examples per evaluation batch");
        add("out", STRING, null, "run directory (default runs/<method>-<timestamp>)");
    }

    private RunOptions() {}

    private static void add(String key, RunOption.Type type, Object def, String help) {
        ALL.put(key, new RunOption(key, type, def, help));
    }

    public static List<RunOption> all() {
        return List.copyOf(ALL.values());
    }

    public static RunOption get(String key) {
        RunOption o = ALL.get(key);
        if (o == null) {
            throw new IllegalArgumentException("unknown run option '" + key + "'; known: " + String.join(", ", ALL.keySet()));
        }
        return o;
    }

    public static boolean has(String key) {
        return ALL.containsKey(key);
    }
}
