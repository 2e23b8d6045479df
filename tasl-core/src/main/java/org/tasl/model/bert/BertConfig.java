package org.tasl.model.bert;

import org.tasl.model.JsonModelConfig;
import org.tasl.nn.Activations;

/** The keys of a BERT-family {@code config.json} this implementation uses. */
public record BertConfig(int vocabSize, int hiddenSize, int numLayers, int numHeads, int intermediateSize,
        int maxPositions, int typeVocabSize, float layerNormEps, String hiddenAct, float hiddenDropout,
        float attentionDropout, int padTokenId) {

    public BertConfig {
        if (hiddenSize % numHeads != 0) {
            throw new IllegalArgumentException("config.json: hidden_size " + hiddenSize
                    + " is not a multiple of num_attention_heads " + numHeads);
        }
        Activations.check("hidden_act", hiddenAct);
    }

    public static BertConfig from(JsonModelConfig c) {
        return new BertConfig(
                c.requireInt("vocab_size"),
                c.requireInt("hidden_size"),
                c.requireInt("num_hidden_layers"),
                c.requireInt("num_attention_heads"),
                c.requireInt("intermediate_size"),
                c.optInt("max_position_embeddings", 512),
                c.optInt("type_vocab_size", 2),
                (float) c.optDouble("layer_norm_eps", 1e-12),
                c.optString("hidden_act", "gelu"),
                (float) c.optDouble("hidden_dropout_prob", 0.1),
                (float) c.optDouble("attention_probs_dropout_prob", 0.1),
                c.optInt("pad_token_id", 0));
    }

    public int headDim() {
        return hiddenSize / numHeads;
    }
}
