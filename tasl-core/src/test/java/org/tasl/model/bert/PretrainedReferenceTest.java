package org.tasl.model.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tasl.scoring.TokenPrediction;
import org.tasl.tokenize.Fixtures;
import org.tasl.weights.BackboneCatalog;

/**
 * Real pretrained weights against ../shared/fixtures/pretrained-reference.json, outputs of an
 * independent float64 numpy forward pass. Skips when the fixtures are absent or the catalog
 * cannot provide the backbone (no Maven access, no cache).
 */
class PretrainedReferenceTest {

    private static JsonNode reference(String keyPrefix) throws Exception {
        Path file = Fixtures.file("pretrained-reference.json");
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith(keyPrefix)) {
                return e.getValue();
            }
        }
        assumeTrue(false, "pretrained-reference.json has no entry for " + keyPrefix + "; skipping");
        return null;
    }

    private static BertModel load(String name) {
        Path folder;
        try {
            folder = BackboneCatalog.resolve(name);
        } catch (RuntimeException e) {
            assumeTrue(false, "backbone " + name + " not available (" + e.getMessage() + "); skipping");
            return null;
        }
        return BertModel.load(folder, name, Device.cpu());
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    @Test
    void bertBaseFillMaskTop5AndClsStateMatchTheReference() throws Exception {
        JsonNode ref = reference("bert-base-uncased");
        try (BertModel bert = load("bert-base-uncased"); NDManager scope = NDManager.newBaseManager()) {
            for (JsonNode c : ref.get("fill_mask")) {
                String text = c.get("text").asText();
                int[] ids = bert.idsWithMasks(text);
                assertArrayEquals(ints(c.get("input_ids")), ids, "token ids of '" + text + "'");
                List<TokenPrediction> top = bert.fillMask(scope, text, 5).get(0);
                List<String> tokens = new ArrayList<>();
                top.forEach(p -> tokens.add(p.token()));
                List<String> expected = new ArrayList<>();
                c.get("top5_tokens").forEach(t -> expected.add(t.asText()));
                assertEquals(expected, tokens, "top-5 of '" + text + "'");
                float[] logits = new float[5];
                for (int i = 0; i < 5; i++) {
                    logits[i] = (float) top.get(i).logit();
                }
                assertArrayEquals(floats(c.get("top5_logits")), logits, 1e-3f, "top-5 logits of '" + text + "'");
                NDArray hidden = bert.hiddenStates(scope, List.of(ids));
                float[] cls = hidden.get(0).get(0).get("0:16").toFloatArray();
                assertArrayEquals(floats(c.get("cls_hidden_first16")), cls, 1e-3f, "[CLS] state of '" + text + "'");
            }
        }
    }

    @Test
    void miniLmMeanPooledEmbeddingsAndCosinesMatchTheReference() throws Exception {
        JsonNode ref = reference("all-MiniLM-L6-v2");
        try (BertModel mini = load("all-minilm-l6-v2"); NDManager scope = NDManager.newBaseManager()) {
            List<String> texts = new ArrayList<>();
            ref.get("sentences").forEach(s -> texts.add(s.get("text").asText()));
            float[][] emb = mini.meanPooled(scope, texts, true);
            for (int i = 0; i < texts.size(); i++) {
                JsonNode s = ref.get("sentences").get(i);
                int[] body = mini.tokenizer().encode(texts.get(i));
                int[] expectedIds = ints(s.get("input_ids"));
                assertArrayEquals(java.util.Arrays.copyOfRange(expectedIds, 1, expectedIds.length - 1), body,
                        "token ids of '" + texts.get(i) + "'");
                float[] first8 = java.util.Arrays.copyOf(emb[i], 8);
                assertArrayEquals(floats(s.get("mean_pooled_normalized_first8")), first8, 1e-4f, texts.get(i));
            }
            assertEquals(ref.get("cosine_0_1").asDouble(), dot(emb[0], emb[1]), 1e-4);
            assertEquals(ref.get("cosine_0_2").asDouble(), dot(emb[0], emb[2]), 1e-4);
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
