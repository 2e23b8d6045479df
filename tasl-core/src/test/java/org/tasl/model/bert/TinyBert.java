package org.tasl.model.bert;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.tasl.model.JsonModelConfig;
import org.tasl.nn.TensorSource;
import org.tasl.nn.Weight;

/** A 2-layer, 16-wide BERT with random weights and a 25-word vocabulary. */
final class TinyBert {
    static final String[] WORDS = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
        "p", "q", "r", "s", "answer:"};

    static JsonModelConfig config() {
        return config(0.1);
    }

    /** With {@code dropout} as the hidden and attention dropout (BERT's is 0.1). */
    static JsonModelConfig config(double dropout) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("hidden_dropout_prob", dropout);
        raw.put("attention_probs_dropout_prob", dropout);
        raw.put("model_type", "bert");
        raw.put("vocab_size", 25);
        raw.put("hidden_size", 16);
        raw.put("num_hidden_layers", 2);
        raw.put("num_attention_heads", 2);
        raw.put("intermediate_size", 32);
        raw.put("max_position_embeddings", 64);
        raw.put("type_vocab_size", 2);
        raw.put("layer_norm_eps", 1e-12);
        raw.put("hidden_act", "gelu");
        return new JsonModelConfig("tiny/config.json", raw);
    }

    /** Random tensors under HF BertForMaskedLM names (those {@code keep} accepts). */
    static Map<String, NDArray> randomCheckpoint(NDManager m, boolean withTransform, Predicate<String> keep) {
        BertForMaskedLm shape = new BertForMaskedLm(BertConfig.from(config()), withTransform);
        Map<String, NDArray> out = new LinkedHashMap<>();
        m.getEngine().setRandomSeed(1234);
        for (Map.Entry<String, Weight> e : shape.namedWeights("").entrySet()) {
            if (keep.test(e.getKey())) {
                out.put(e.getKey(), m.randomNormal(0f, 0.5f, e.getValue().shape(), ai.djl.ndarray.types.DataType.FLOAT32));
            }
        }
        return out;
    }

    static BertModel load(NDManager m, boolean withTransform) {
        return load(m, withTransform, Device.cpu(), 0.1);
    }

    /** The same random weights on {@code device}, with {@code dropout} in BERT's dropout layers. */
    static BertModel load(NDManager m, boolean withTransform, Device device, double dropout) {
        return new BertModel("tiny", config(dropout), new WordListTokenizer(WORDS), device,
                TensorSource.of(randomCheckpoint(m, withTransform, n -> true)), "tiny/model.safetensors");
    }
}
