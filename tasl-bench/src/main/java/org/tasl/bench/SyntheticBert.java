package org.tasl.bench;

import ai.djl.Device;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tasl.model.JsonModelConfig;
import org.tasl.model.bert.BertModel;
import org.tasl.nn.HostTensorSource;
import org.tasl.tensor.DType;
import org.tasl.tensor.HostTensor;
import org.tasl.tokenize.HfJsonTokenizer;
import org.tasl.weights.WordPieceTokenizerJson;

/**
 * BERT-base (uncased shapes: 12 layers, hidden 768, 12 heads, FFN 3072, vocabulary 30522, with
 * the MLM transform) with random weights and a synthetic vocabulary ("[PAD]" … "[MASK]", then
 * "w5", "w6", …). Speed does not depend on weight values, so a benchmark needs no checkpoint:
 * this is how the GPU machine, which has none, runs the same step as this machine.
 */
public final class SyntheticBert {
    public static final int VOCAB = 30522;
    public static final int HIDDEN = 768;
    public static final int LAYERS = 12;
    public static final int FFN = 3072;

    private SyntheticBert() {}

    public static BertModel create(Device device, long seed) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model_type", "bert");
        config.put("hidden_size", HIDDEN);
        config.put("num_hidden_layers", LAYERS);
        config.put("num_attention_heads", 12);
        config.put("intermediate_size", FFN);
        config.put("vocab_size", VOCAB);
        config.put("max_position_embeddings", 512);
        config.put("type_vocab_size", 2);
        config.put("layer_norm_eps", 1e-12);
        config.put("hidden_act", "gelu");
        config.put("hidden_dropout_prob", 0.1);
        config.put("attention_probs_dropout_prob", 0.1);
        config.put("pad_token_id", 0);
        List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        for (int i = vocab.size(); i < VOCAB; i++) {
            vocab.add("w" + i);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, HostTensor> t = new LinkedHashMap<>();
        t.put("bert.embeddings.word_embeddings.weight", normal(random, VOCAB, HIDDEN));
        t.put("bert.embeddings.position_embeddings.weight", normal(random, 512, HIDDEN));
        t.put("bert.embeddings.token_type_embeddings.weight", normal(random, 2, HIDDEN));
        layerNorm(t, "bert.embeddings.LayerNorm");
        for (int l = 0; l < LAYERS; l++) {
            String p = "bert.encoder.layer." + l + ".";
            for (String proj : List.of("attention.self.query", "attention.self.key", "attention.self.value",
                    "attention.output.dense")) {
                dense(t, random, p + proj, HIDDEN, HIDDEN);
            }
            layerNorm(t, p + "attention.output.LayerNorm");
            dense(t, random, p + "intermediate.dense", HIDDEN, FFN);
            dense(t, random, p + "output.dense", FFN, HIDDEN);
            layerNorm(t, p + "output.LayerNorm");
        }
        dense(t, random, "cls.predictions.transform.dense", HIDDEN, HIDDEN);
        layerNorm(t, "cls.predictions.transform.LayerNorm");
        t.put("cls.predictions.bias", constant(0f, VOCAB));
        return new BertModel("synthetic-bert-base", new JsonModelConfig("synthetic BERT-base config", config),
                HfJsonTokenizer.fromJson(WordPieceTokenizerJson.build(vocab, true), java.nio.file.Path.of("synthetic-vocab")), device, new HostTensorSource(t), "synthetic BERT-base weights");
    }

    /** A text of exactly {@code words} synthetic tokens (each "wN" is one vocabulary entry). */
    public static String text(int words, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            sb.append(i == 0 ? "" : " ").append('w').append(5 + random.nextInt(VOCAB - 5));
        }
        return sb.toString();
    }

    private static void dense(Map<String, HostTensor> t, SplittableRandom random, String name, int in, int out) {
        t.put(name + ".weight", normal(random, out, in));
        t.put(name + ".bias", constant(0f, out));
    }

    private static void layerNorm(Map<String, HostTensor> t, String name) {
        t.put(name + ".weight", constant(1f, HIDDEN));
        t.put(name + ".bias", constant(0f, HIDDEN));
    }

    /** N(0, 0.02²), BERT's initializer range. */
    private static HostTensor normal(SplittableRandom random, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocateDirect(rows * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < rows * cols; i++) {
            // sum of 4 uniforms: near-normal, far cheaper than nextGaussian for 110M values
            double u = random.nextDouble() + random.nextDouble() + random.nextDouble() + random.nextDouble() - 2.0;
            b.putFloat((float) (u * Math.sqrt(3.0) * 0.02));
        }
        return new HostTensor(DType.F32, new long[] {rows, cols}, b.flip());
    }

    private static HostTensor constant(float value, int n) {
        ByteBuffer b = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(value);
        }
        return new HostTensor(DType.F32, new long[] {n}, b.flip());
    }
}
