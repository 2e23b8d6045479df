package org.tasl.model.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tasl.model.t5.ParityData.assertClose;
import static org.tasl.model.t5.ParityData.flat;
import static org.tasl.model.t5.ParityData.ints;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tasl.data.Example;
import org.tasl.model.Architecture;
import org.tasl.model.t5.ParityData;
import org.tasl.tokenize.HfJsonTokenizer;

/** LLaMA through the engine's text API (tokenizer.json included) against the Transformers oracle. */
class LlamaTextTest {
    private static final String ORACLE = "oracle:llama-tiny";

    @Test
    void tokenizerJsonIdsMatchTransformers() {
        JsonNode probes = ParityData.reference(ParityData.folder(ORACLE)).get("tokenizer").get("probes");
        try (HfJsonTokenizer t = HfJsonTokenizer.open(ParityData.folder(ORACLE).resolve("tokenizer.json"))) {
            for (JsonNode p : probes) {
                int[] expected = ints(p.get("tokenizer_json_ids"));
                int[] got = t.encode(p.get("text").asText());
                int[] withBos = new int[got.length + 1];
                withBos[0] = 1;
                System.arraycopy(got, 0, withBos, 1, got.length);
                assertArrayEquals(expected, withBos, p.get("text").asText());
            }
        }
    }

    @Test
    void generateScoreAndLossFromTextMatchTheOracle() {
        JsonNode cases = ParityData.reference(ParityData.folder(ORACLE)).get("cases");
        try (LlamaModel model = LlamaModel.load(ParityData.folder(ORACLE), Device.cpu());
                NDManager scope = model.manager().newSubManager()) {
            assertEquals(Architecture.DECODER, model.architecture());
            List<String> inputs = new ArrayList<>();
            List<String> targets = new ArrayList<>();
            for (JsonNode c : cases) {
                String input = c.get("input").asText();
                inputs.add(input);
                targets.add(c.get("target").asText());
                assertArrayEquals(ints(c.get("prompt_ids")), model.promptIds(input), "prompt ids");
                List<String> cands = new ArrayList<>();
                c.get("candidates").forEach(x -> cands.add(x.asText()));
                assertClose("llama text candidate scores", flat(c.get("candidate_scores")),
                        model.scoreCandidates(scope, List.of(input), cands)[0], 1e-4);
                assertClose("llama text answer loss", new float[] {(float) c.get("loss_answer").asDouble()},
                        model.loss(scope, List.of(new Example("x", input, c.get("target").asText())), false)
                                .toFloatArray(), 1e-5);
            }
            assertEquals(targets, model.generate(scope, inputs, 8));
        }
    }

    @Test
    void longPromptsKeepBosAndTheirTail() {
        JsonNode c0 = ParityData.reference(ParityData.folder(ORACLE)).get("cases").get(0);
        int[] full = ints(c0.get("prompt_ids"));
        try (LlamaModel model = LlamaModel.load(ParityData.folder(ORACLE), Device.cpu())) {
            model.setMaxInputTokens(6);
            int[] expected = new int[6];
            expected[0] = 1;
            System.arraycopy(full, full.length - 5, expected, 1, 5);
            assertArrayEquals(expected, model.promptIds(c0.get("input").asText()));
        }
    }

    @Test
    void aFolderWithoutTokenizerStillServesIdsButSaysWhyTextFails() {
        // the shared fixture ships no tokenizer
        try (LlamaModel model = LlamaModel.load(ParityData.folder("fixture:llama-tiny-random"), Device.cpu())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, model::tokenizer);
            assertTrue(e.getMessage().contains("no tokenizer"), e.getMessage());
        }
    }
}
