package org.tasl.model.t5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tasl.model.t5.ParityData.assertClose;
import static org.tasl.model.t5.ParityData.flat;
import static org.tasl.model.t5.ParityData.intRows;
import static org.tasl.model.t5.ParityData.ints;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tasl.lora.LoraConfig;
import org.tasl.lora.PeftAdapterFiles;
import org.tasl.nn.Gradients;
import org.tasl.testing.FreedJavaMemory;
import org.tasl.weights.SafeTensors;

/**
 * T5 (ReLU, tied) and T5 v1.1 / Flan-T5 (gated-GELU) against Hugging Face Transformers and PEFT:
 * the oracles this project generated (always) and the independent ../shared/fixtures (when present).
 */
class T5ParityTest {
    static final double LOGITS_TOL = 1e-4;

    static Stream<String> models() {
        return Stream.of("oracle:t5-tiny", "oracle:flan-t5-tiny", "fixture:t5-tiny-random", "fixture:flan-t5-tiny-random");
    }

    private static T5Model load(String source) {
        return T5Model.load(ParityData.folder(source), Device.fromName(System.getProperty("tasl.test.device", "cpu")));  // gpu: native/README.md
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void encoderStatesLogitsAndLossMatchTransformers(String source) {
        JsonNode ref = ParityData.reference(ParityData.folder(source));
        try (T5Model model = load(source); NDManager scope = model.manager().newSubManager()) {
            int k = 0;
            for (JsonNode c : ref.get("cases")) {
                int[][] input = {ints(c.get("input_ids"))};
                int[][] labels = {ints(c.get("label_ids"))};
                String at = source + " case " + k++;
                assertClose(at + " encoder_last_hidden_state", flat(c.get("encoder_last_hidden_state")),
                        model.encoderStates(scope, input).toFloatArray(), LOGITS_TOL);
                assertClose(at + " logits", flat(c.get("logits")), model.logits(scope, input, labels, false).toFloatArray(),
                        LOGITS_TOL);
                assertClose(at + " loss", new float[] {(float) c.get("loss").asDouble()},
                        model.loss(scope, input, labels, false).toFloatArray(), 1e-5);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void paddedBatchMatchesTransformers(String source) {
        JsonNode pb = ParityData.reference(ParityData.folder(source)).get("padded_batch");
        int[][] inputs = ParityData.unpadded(intRows(pb.get("input_ids")), intRows(pb.get("attention_mask")));
        int[][] labels = ParityData.withoutIgnored(intRows(pb.get("labels")));
        try (T5Model model = load(source); NDManager scope = model.manager().newSubManager()) {
            assertClose(source + " padded batch logits", flat(pb.get("logits")),
                    model.logits(scope, inputs, labels, false).toFloatArray(), LOGITS_TOL);
            assertClose(source + " padded batch loss", new float[] {(float) pb.get("loss").asDouble()},
                    model.loss(scope, inputs, labels, false).toFloatArray(), 1e-5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void greedyIdsMatchGenerate(String source) {
        JsonNode cases = ParityData.reference(ParityData.folder(source)).get("cases");
        try (T5Model model = load(source); NDManager scope = model.manager().newSubManager()) {
            int[][] inputs = new int[cases.size()][];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = ints(cases.get(i).get("input_ids"));
                // one at a time, as the reference was made
                assertArrayEquals(ints(cases.get(i).get("greedy_ids")),
                        model.greedyIds(scope, new int[][] {inputs[i]}, 8).get(0), source + " case " + i);
            }
            // and all together: padding must not change any row
            List<int[]> batch = model.greedyIds(scope, inputs, 8);
            for (int i = 0; i < inputs.length; i++) {
                assertArrayEquals(ints(cases.get(i).get("greedy_ids")), batch.get(i), source + " batched case " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void loraLogitsLossAndGradientsMatchPeft(String source) {
        Path folder = ParityData.folder(source);
        JsonNode lora = ParityData.reference(folder).get("lora");
        JsonNode c0 = ParityData.reference(folder).get("cases").get(0);
        int[][] input = {ints(c0.get("input_ids"))};
        int[][] labels = {ints(c0.get("label_ids"))};
        LoraConfig config = LoraConfig.defaults().withR(lora.get("r").asInt())
                .withAlpha((float) lora.get("alpha").asDouble()).withDropout(0f);
        try (T5Model model = load(source); NDManager scope = model.manager().newSubManager()) {
            PeftAdapterFiles.load(model.lora(), "default", folder.resolve("lora_adapter.safetensors"), config, scope);
            assertEquals(24, model.lora().loraParameters().size(), "q and v of 2+2 self and 2 cross attentions, A and B");
            assertClose(source + " LoRA logits", flat(lora.get("logits")),
                    model.logits(scope, input, labels, false).toFloatArray(), LOGITS_TOL);
            Map<String, float[]> grads = new LinkedHashMap<>();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = model.loss(scope, input, labels, true);
                assertClose(source + " LoRA loss", new float[] {(float) lora.get("loss").asDouble()}, loss.toFloatArray(),
                        1e-5);
                FreedJavaMemory.release(); // the gradients must not depend on when the JVM collects
                gc.backward(loss);
            }
            for (Map.Entry<String, NDArray> e : model.lora().loraParameters().entrySet()) {
                grads.put("base_model.model." + e.getKey(), Gradients.of(e.getValue(), scope).toFloatArray());
            }
            ParityData.assertGradientsClose(source + " LoRA gradients", SafeTensors.read(folder.resolve("lora_grads.safetensors")),
                    grads, 1e-5, 1e-4);
            // merged into the base weights, the adapter computes the same logits
            model.lora().merge();
            assertClose(source + " LoRA logits, merged", flat(lora.get("logits")),
                    model.logits(scope, input, labels, false).toFloatArray(), LOGITS_TOL);
            model.lora().unmerge();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"oracle:t5-tiny", "oracle:flan-t5-tiny"})
    void anAdapterSavedByPeftSavePretrainedLoadsWithItsConfig(String source) {
        Path folder = ParityData.folder(source);
        JsonNode ref = ParityData.reference(folder);
        JsonNode c0 = ref.get("cases").get(0);
        int[][] input = {ints(c0.get("input_ids"))};
        int[][] labels = {ints(c0.get("label_ids"))};
        try (T5Model model = load(source); NDManager scope = model.manager().newSubManager()) {
            // r and alpha come from adapter_config.json, not from the fallback
            PeftAdapterFiles.load(model.lora(), "peft", folder.resolve("peft_adapter"), LoraConfig.defaults(), scope);
            assertEquals(8f, model.lora().adapterConfig("peft").alpha());
            assertEquals(4, model.lora().adapterConfig("peft").r());
            assertClose(source + " PEFT save_pretrained adapter logits", flat(ref.get("lora").get("logits")),
                    model.logits(scope, input, labels, false).toFloatArray(), LOGITS_TOL);
        }
    }
}
