package org.tasl.model.t5;

import java.nio.file.Path;
import java.util.Map;
import org.tasl.model.JsonModelConfig;
import org.tasl.model.ModelConfig;

/**
 * A T5 checkpoint's shape and behaviour, read from its config.json with Hugging Face's keys and
 * defaults. Covers the original T5 (ReLU feed-forward, tied embeddings) and T5 v1.1 / Flan-T5
 * (gated-GELU feed-forward, separate lm_head).
 *
 * <p>{@code scaleDecoderOutputs}: the decoder output is multiplied by d_model^-0.5 before the
 * vocabulary projection. Transformers 5 writes {@code scale_decoder_outputs}; older configs
 * only have {@code tie_word_embeddings}, which then decides it (as older Transformers did).
 */
public record T5Config(
        Path file,
        int vocabSize,
        int dModel,
        int dKv,
        int dFf,
        int numLayers,
        int numDecoderLayers,
        int numHeads,
        int relativeAttentionNumBuckets,
        int relativeAttentionMaxDistance,
        float layerNormEpsilon,
        float dropoutRate,
        boolean gatedFeedForward,
        String denseActivation,
        boolean tieWordEmbeddings,
        boolean scaleDecoderOutputs,
        int padTokenId,
        int eosTokenId,
        int decoderStartTokenId,
        Map<String, Object> raw) implements ModelConfig {

    /** Reads and validates config.json; a missing or mistyped key is an error naming the file and the key. */
    public static T5Config read(Path configFile) {
        JsonModelConfig k = JsonModelConfig.read(configFile);
        String modelType = k.optString("model_type", "t5");
        if (!modelType.equals("t5") && !modelType.equals("mt5")) {
            throw new IllegalArgumentException(configFile + ": model_type is '" + modelType + "', expected 't5'");
        }
        int numLayers = k.requireInt("num_layers");
        String ffProj = k.optString("feed_forward_proj", "relu");
        String[] parts = ffProj.split("-");
        boolean gated = parts[0].equals("gated");
        if (parts.length > 2 || (parts.length == 2 && !gated)) {
            throw new IllegalArgumentException(configFile + ": feed_forward_proj '" + ffProj
                    + "' is not of the form 'ACT' or 'gated-ACT' (e.g. 'relu', 'gated-gelu')");
        }
        // Transformers maps "gated-gelu" to the tanh approximation (gelu_new) for backward compatibility.
        String act = ffProj.equals("gated-gelu") ? "gelu_new" : parts[parts.length - 1];
        T5FeedForward.checkActivation(configFile, act);
        boolean tie = k.optBoolean("tie_word_embeddings", true);
        int pad = k.optInt("pad_token_id", 0);
        T5Config c = new T5Config(configFile,
                k.requireInt("vocab_size"), k.requireInt("d_model"), k.requireInt("d_kv"), k.requireInt("d_ff"),
                numLayers, k.optInt("num_decoder_layers", numLayers), k.requireInt("num_heads"),
                k.optInt("relative_attention_num_buckets", 32), k.optInt("relative_attention_max_distance", 128),
                (float) k.optDouble("layer_norm_epsilon", 1e-6), (float) k.optDouble("dropout_rate", 0.1),
                gated, act, tie, k.optBoolean("scale_decoder_outputs", tie),
                pad, firstId(k, "eos_token_id", 1), k.optInt("decoder_start_token_id", pad), k.raw());
        c.validate();
        return c;
    }

    /** A token id that may be written as a list (several eos ids): the first is the canonical one. */
    static int firstId(JsonModelConfig k, String key, int fallback) {
        Object v = k.raw().get(key);
        if (v instanceof java.util.List && !((java.util.List<?>) v).isEmpty()) {
            Object first = ((java.util.List<?>) v).get(0);
            if (first instanceof Number) {
                return ((Number) first).intValue();
            }
        }
        return k.optInt(key, fallback);
    }

    private void validate() {
        positive("vocab_size", vocabSize);
        positive("d_model", dModel);
        positive("d_kv", dKv);
        positive("d_ff", dFf);
        positive("num_layers", numLayers);
        positive("num_decoder_layers", numDecoderLayers);
        positive("num_heads", numHeads);
        positive("relative_attention_num_buckets", relativeAttentionNumBuckets);
        positive("relative_attention_max_distance", relativeAttentionMaxDistance);
    }

    private void positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(file + ": " + key + " must be positive, got " + value);
        }
    }

    /** Width of the attention projections (heads × d_kv; need not equal d_model). */
    public int innerDim() {
        return numHeads * dKv;
    }

    @Override
    public String modelType() {
        return "t5";
    }

    @Override
    public int hiddenSize() {
        return dModel;
    }

    @Override
    public int numLayers() {
        return numLayers;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public Map<String, Object> raw() {
        return raw;
    }
}
