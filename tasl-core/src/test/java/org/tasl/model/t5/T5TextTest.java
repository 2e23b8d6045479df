package org.tasl.model.t5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tasl.model.t5.ParityData.assertClose;
import static org.tasl.model.t5.ParityData.flat;
import static org.tasl.model.t5.ParityData.ints;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tasl.data.Example;
import org.tasl.model.Architecture;
import org.tasl.tokenize.SentencePieceTokenizer;

/** T5 through the engine's text API (tokenizer included) against the Transformers oracles. */
class T5TextTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"oracle:t5-tiny", "oracle:flan-t5-tiny", "fixture:t5-tiny-random", "fixture:flan-t5-tiny-random"})
    void tokenizerIdsMatchTransformersForTokenizerJsonAndSpieceModel(String source) {
        Path folder = ParityData.folder(source);
        JsonNode ref = ParityData.reference(folder);
        List<JsonNode> probes = new ArrayList<>();
        ref.get("cases").forEach(probes::add);
        if (ref.has("tokenizer")) {
            ref.get("tokenizer").get("probes").forEach(probes::add);
        }
        SentencePieceTokenizer spiece = SentencePieceTokenizer.fromModelFile(folder.resolve("spiece.model"));
        try (T5Model model = T5Model.load(folder, Device.cpu())) {
            for (JsonNode p : probes) {
                String text = p.has("input") ? p.get("input").asText() : p.get("text").asText();
                JsonNode json = p.has("input_ids") ? p.get("input_ids") : p.get("tokenizer_json_ids");
                assertArrayEquals(ints(json), model.inputIds(text), source + " tokenizer.json: " + text);
                int[] sp = ints(p.get("sentencepiece_ids_plus_eos"));
                assertArrayEquals(Arrays.copyOf(sp, sp.length - 1), spiece.encode(text), source + " spiece.model: " + text);
            }
        }
    }

    @Test
    void generateScoreAndLossFromTextMatchTheOracle() {
        for (String source : new String[] {"oracle:t5-tiny", "oracle:flan-t5-tiny"}) {
            JsonNode cases = ParityData.reference(ParityData.folder(source)).get("cases");
            try (T5Model model = T5Model.load(ParityData.folder(source), Device.cpu());
                    NDManager scope = model.manager().newSubManager()) {
                assertEquals(Architecture.ENCODER_DECODER, model.architecture());
                List<String> inputs = new ArrayList<>();
                List<String> targets = new ArrayList<>();
                for (JsonNode c : cases) {
                    inputs.add(c.get("input").asText());
                    targets.add(c.get("target").asText());
                    List<String> cands = new ArrayList<>();
                    c.get("candidates").forEach(x -> cands.add(x.asText()));
                    float[] scores = model.scoreCandidates(scope, List.of(c.get("input").asText()), cands)[0];
                    assertClose(source + " candidate scores of '" + c.get("target").asText() + "'",
                            flat(c.get("candidate_scores")), scores, 1e-4);
                    assertClose(source + " text loss", new float[] {(float) c.get("loss").asDouble()},
                            model.loss(scope, List.of(new Example("x", c.get("input").asText(), c.get("target").asText())),
                                    false).toFloatArray(), 1e-5);
                }
                assertEquals(targets, model.generate(scope, inputs, 8), source);
                // scoring all inputs at once ranks each input's own target first
                float[][] all = model.scoreCandidates(scope, inputs, targets);
                for (int i = 0; i < all.length; i++) {
                    int best = 0;
                    for (int j = 1; j < all[i].length; j++) {
                        best = all[i][j] > all[i][best] ? j : best;
                    }
                    assertEquals(i, best, source + " input " + i);
                }
            }
        }
    }

    @Test
    void longPromptsKeepTheirTailAndEndWithEos() {
        JsonNode c0 = ParityData.reference(ParityData.folder("oracle:t5-tiny")).get("cases").get(0);
        int[] full = ints(c0.get("input_ids"));
        try (T5Model model = T5Model.load(ParityData.folder("oracle:t5-tiny"), Device.cpu())) {
            model.setMaxInputTokens(5);
            // the last 4 pieces (the end of the prompt: "... Answer:") and </s>
            assertArrayEquals(Arrays.copyOfRange(full, full.length - 5, full.length), model.inputIds(c0.get("input").asText()));
            assertEquals(1, model.inputIds("x")[model.inputIds("x").length - 1]);
        }
    }

    @Test
    void relativePositionBucketsMatchTransformers() {
        JsonNode b = ParityData.reference(ParityData.folder("oracle:t5-tiny")).get("relative_position_buckets");
        int from = b.get("from").asInt();
        int[] bidirectional = ints(b.get("bidirectional"));
        int[] causal = ints(b.get("causal"));
        for (int i = 0; i < bidirectional.length; i++) {
            int rel = from + i;
            assertEquals(bidirectional[i], RelativePositionBuckets.bucket(rel, true, 32, 128), "bidirectional " + rel);
            assertEquals(causal[i], RelativePositionBuckets.bucket(rel, false, 32, 128), "causal " + rel);
        }
    }

    @Test
    void bucketsByHandForTheDefaultConfiguration() {
        // bidirectional: 16 buckets a side, 8 exact; key 3 after the query → 16 + 3
        assertEquals(19, RelativePositionBuckets.bucket(3, true, 32, 128));
        assertEquals(3, RelativePositionBuckets.bucket(-3, true, 32, 128));
        // 8 + floor(log(16/8)/log(128/8)·8) = 8 + 2: the float32 boundary must not round down to 9
        assertEquals(10, RelativePositionBuckets.bucket(-16, true, 32, 128));
        // beyond max_distance everything shares the last bucket of its side
        assertEquals(15, RelativePositionBuckets.bucket(-1000, true, 32, 128));
        assertEquals(31, RelativePositionBuckets.bucket(1000, true, 32, 128));
        // causal: future keys fold to distance 0; 16 exact buckets
        assertEquals(0, RelativePositionBuckets.bucket(5, false, 32, 128));
        assertEquals(15, RelativePositionBuckets.bucket(-15, false, 32, 128));
    }
}
