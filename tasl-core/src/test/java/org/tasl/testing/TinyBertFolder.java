package org.tasl.testing;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tasl.model.JsonModelConfig;
import org.tasl.model.bert.BertConfig;
import org.tasl.model.bert.BertForMaskedLm;
import org.tasl.nn.Weight;
import org.tasl.tensor.HostTensor;
import org.tasl.util.Json;
import org.tasl.weights.SafeTensors;

/**
 * Writes a tiny random BERT as a Hugging Face folder (config.json, vocab.txt,
 * model.safetensors), so engine tests go through the same loading path as real backbones
 * without needing any download.
 */
public final class TinyBertFolder {
    /** Words of the vocabulary besides the special tokens; engine tests build prompts from them. */
    public static final List<String> WORDS = List.of("red", "blue", "green", "cat", "dog", "bird", "one", "two",
            "three", "yes", "no", "good", "bad", "the", "is", "a", "answer", ":", "which", "color", "animal",
            "number", "?", ".");

    private TinyBertFolder() {}

    public static Path write(Path dir) throws IOException {
        return write(dir, WORDS);
    }

    /**
     * The same tiny BERT with the words of the built-in stream (every lower-cased word and
     * punctuation mark of its rows) as vocabulary, so runs on benchmark "builtin" see real tokens.
     */
    public static Path writeForBuiltinStream(Path dir) throws IOException {
        java.util.Set<String> words = new java.util.TreeSet<>();
        for (String task : org.tasl.data.BuiltinStream.taskNames()) {
            org.tasl.data.Task t = org.tasl.data.BuiltinStream.task(task);
            for (List<org.tasl.data.Example> rows : List.of(t.train(), t.eval())) {
                for (org.tasl.data.Example e : rows) {
                    for (String w : (e.input() + " " + e.output()).toLowerCase(java.util.Locale.ROOT)
                            .split("(?<=[^a-z0-9])|(?=[^a-z0-9])")) {
                        if (!w.isBlank()) {
                            words.add(w.strip());
                        }
                    }
                }
            }
        }
        return write(dir, List.copyOf(words));
    }

    private static Path write(Path dir, List<String> words) throws IOException {
        Files.createDirectories(dir);
        List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
        vocab.addAll(words);
        Files.write(dir.resolve("vocab.txt"), vocab);
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("model_type", "bert");
        cfg.put("vocab_size", vocab.size());
        cfg.put("hidden_size", 16);
        cfg.put("num_hidden_layers", 2);
        cfg.put("num_attention_heads", 2);
        cfg.put("intermediate_size", 32);
        cfg.put("max_position_embeddings", 64);
        cfg.put("type_vocab_size", 2);
        cfg.put("layer_norm_eps", 1e-12);
        cfg.put("hidden_act", "gelu");
        Files.writeString(dir.resolve("config.json"), Json.pretty(cfg));
        BertForMaskedLm shape = new BertForMaskedLm(BertConfig.from(new JsonModelConfig("tiny/config.json", cfg)), true);
        Random random = new Random(7);
        Map<String, HostTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Weight> e : shape.namedWeights("").entrySet()) {
            Shape s = e.getValue().shape();
            float[] v = new float[(int) s.size()];
            boolean norm = e.getKey().contains("LayerNorm");
            for (int i = 0; i < v.length; i++) {
                v[i] = norm ? (e.getKey().endsWith("weight") ? 1f : 0f) : (float) (random.nextGaussian() * 0.2);
            }
            tensors.put(e.getKey(), HostTensor.fromFloats(v, s.getShape()));
        }
        SafeTensors.write(dir.resolve("model.safetensors"), tensors);
        return dir;
    }
}
