package org.tasl.lora;

import java.util.List;

/**
 * Which linear modules of an architecture LoRA wraps by default (its query and value
 * projections, as in the LoRA paper and PEFT's defaults) and which are "all attention
 * projections". Each model family supplies one.
 */
public record LoraTargets(List<String> queryValue, List<String> attention) {
    public LoraTargets {
        queryValue = List.copyOf(queryValue);
        attention = List.copyOf(attention);
    }

    public static final LoraTargets BERT = new LoraTargets(List.of("query", "value"),
            List.of("query", "key", "value", "attention.output.dense"));
    public static final LoraTargets T5 = new LoraTargets(List.of("q", "v"), List.of("q", "k", "v", "o"));
    public static final LoraTargets LLAMA = new LoraTargets(List.of("q_proj", "v_proj"),
            List.of("q_proj", "k_proj", "v_proj", "o_proj"));

    /** The target names a config resolves to for this architecture. */
    public List<String> resolve(LoraConfig config) {
        if (config.allAttentionProjections()) {
            return attention;
        }
        return config.targetModules().isEmpty() ? queryValue : config.targetModules();
    }
}
