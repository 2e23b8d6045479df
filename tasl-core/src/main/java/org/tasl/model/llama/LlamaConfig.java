package org.tasl.model.llama;

import java.nio.file.Path;
import java.util.Map;
import org.tasl.model.JsonModelConfig;
import org.tasl.model.ModelConfig;

/**
 * A LLaMA checkpoint's shape, read from config.json with Hugging Face's keys and defaults:
 * grouped-query attention ({@code num_key_value_heads} ≤ {@code num_attention_heads}), RMSNorm
 * ({@code rms_norm_eps}), rotary positions ({@code rope_parameters.rope_theta} in Transformers 5,
 * {@code rope_theta} before), SwiGLU feed-forward, and an lm_head that is untied unless
 * {@code tie_word_embeddings} says otherwise.
 */
public record LlamaConfig(
        Path file,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        float rmsNormEps,
        double ropeTheta,
        int maxPositionEmbeddings,
        boolean attentionBias,
        boolean mlpBias,
        boolean tieWordEmbeddings,
        int bosTokenId,
        int eosTokenId,
        int padTokenId,
        Map<String, Object> raw) implements ModelConfig {

    /** Reads and validates config.json; a missing or mistyped key is an error naming the file and the key. */
    public static LlamaConfig read(Path configFile) {
        JsonModelConfig k = JsonModelConfig.read(configFile);
        String modelType = k.optString("model_type", "llama");
        if (!modelType.equals("llama")) {
            throw new IllegalArgumentException(configFile + ": model_type is '" + modelType + "', expected 'llama'");
        }
        String act = k.optString("hidden_act", "silu");
        if (!act.equals("silu") && !act.equals("swish")) {
            throw new IllegalArgumentException(configFile + ": hidden_act '" + act + "' is not supported (LLaMA uses silu)");
        }
        int hidden = k.requireInt("hidden_size");
        int heads = k.requireInt("num_attention_heads");
        int kvHeads = k.optInt("num_key_value_heads", heads);
        if (heads <= 0 || hidden <= 0) {
            throw new IllegalArgumentException(configFile + ": hidden_size and num_attention_heads must be positive");
        }
        if (kvHeads <= 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException(configFile + ": num_attention_heads (" + heads
                    + ") must be a multiple of num_key_value_heads (" + kvHeads + ")");
        }
        int headDim = k.optInt("head_dim", hidden / heads);
        int bos = firstId(k, "bos_token_id", 1);
        int eos = firstId(k, "eos_token_id", 2);
        LlamaConfig c = new LlamaConfig(configFile, k.requireInt("vocab_size"), hidden, k.requireInt("intermediate_size"),
                k.requireInt("num_hidden_layers"), heads, kvHeads, headDim, (float) k.optDouble("rms_norm_eps", 1e-6),
                ropeTheta(configFile, k), k.optInt("max_position_embeddings", 2048), k.optBoolean("attention_bias", false),
                k.optBoolean("mlp_bias", false), k.optBoolean("tie_word_embeddings", false), bos, eos,
                k.optInt("pad_token_id", -1), k.raw());
        for (Map.Entry<String, Integer> e : Map.of("vocab_size", c.vocabSize, "intermediate_size", c.intermediateSize,
                "num_hidden_layers", c.numHiddenLayers, "head_dim", c.headDim).entrySet()) {
            if (e.getValue() <= 0) {
                throw new IllegalArgumentException(configFile + ": " + e.getKey() + " must be positive, got " + e.getValue());
            }
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException(configFile + ": head_dim must be even for rotary embeddings, got " + headDim);
        }
        return c;
    }

    /** Plain RoPE only: Transformers 5's rope_parameters, else the older rope_theta / rope_scaling keys. */
    private static double ropeTheta(Path file, JsonModelConfig k) {
        Object params = k.raw().get("rope_parameters");
        for (Object p : new Object[] {params, k.raw().get("rope_scaling")}) {
            if (p instanceof Map) {
                Object type = ((Map<?, ?>) p).get("rope_type");
                type = type != null ? type : ((Map<?, ?>) p).get("type");
                if (type != null && !"default".equals(type)) {
                    throw new IllegalArgumentException(file + ": rope type '" + type
                            + "' is not supported (only plain RoPE, rope_type 'default')");
                }
            }
        }
        if (params instanceof Map && ((Map<?, ?>) params).get("rope_theta") instanceof Number) {
            return ((Number) ((Map<?, ?>) params).get("rope_theta")).doubleValue();
        }
        return k.optDouble("rope_theta", 10000.0);
    }

    /** A token id that may be written as a list (LLaMA 3 lists several eos ids): the first is the canonical one. */
    private static int firstId(JsonModelConfig k, String key, int fallback) {
        Object v = k.raw().get(key);
        if (v instanceof java.util.List && !((java.util.List<?>) v).isEmpty()
                && ((java.util.List<?>) v).get(0) instanceof Number) {
            return ((Number) ((java.util.List<?>) v).get(0)).intValue();
        }
        return k.optInt(key, fallback);
    }

    /** Query heads per key/value head (the grouped-query repeat factor). */
    public int groups() {
        return numAttentionHeads / numKeyValueHeads;
    }

    @Override
    public String modelType() {
        return "llama";
    }

    @Override
    public int numLayers() {
        return numHiddenLayers;
    }

    @Override
    public Map<String, Object> raw() {
        return raw;
    }
}
