package org.tasl.model.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tasl.data.Example;
import org.tasl.lora.LoraConfig;
import org.tasl.model.Architecture;
import org.tasl.nn.Gradients;
import org.tasl.nn.TensorSource;

class BertModelTest {
    private NDManager scope;
    private BertModel model;

    @BeforeEach
    void setUp() {
        scope = NDManager.newBaseManager();
        model = TinyBert.load(scope, true);
    }

    @AfterEach
    void tearDown() {
        if (model != null) {
            model.close();
        }
        scope.close();
    }

    @Test
    void parametersCarryHuggingFaceNames() {
        Map<String, NDArray> p = model.parameters();
        assertTrue(p.containsKey("bert.embeddings.word_embeddings.weight"));
        assertTrue(p.containsKey("bert.encoder.layer.1.attention.self.query.weight"));
        assertTrue(p.containsKey("bert.encoder.layer.1.attention.output.LayerNorm.bias"));
        assertTrue(p.containsKey("bert.encoder.layer.0.intermediate.dense.weight"));
        assertTrue(p.containsKey("bert.encoder.layer.0.output.dense.bias"));
        assertTrue(p.containsKey("cls.predictions.transform.dense.weight"));
        assertTrue(p.containsKey("cls.predictions.transform.LayerNorm.weight"));
        assertTrue(p.containsKey("cls.predictions.bias"));
        assertEquals(new Shape(32, 16), p.get("bert.encoder.layer.0.intermediate.dense.weight").getShape());
        assertEquals(Architecture.ENCODER, model.architecture());
    }

    @Test
    void wrongShapeAndMissingTensorsAreNamed() {
        Map<String, NDArray> ckpt = TinyBert.randomCheckpoint(scope, true, n -> true);
        ckpt.put("bert.encoder.layer.0.attention.self.key.weight", scope.zeros(new Shape(16, 8)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BertModel("tiny",
                TinyBert.config(), new WordListTokenizer(TinyBert.WORDS), Device.cpu(), TensorSource.of(ckpt), "x"));
        assertTrue(e.getMessage().contains("bert.encoder.layer.0.attention.self.key.weight")
                && e.getMessage().contains("(16, 16)") && e.getMessage().contains("(16, 8)"), e.getMessage());

        Map<String, NDArray> partial = TinyBert.randomCheckpoint(scope, true, n -> !n.contains("layer.1.output"));
        e = assertThrows(IllegalArgumentException.class, () -> new BertModel("tiny", TinyBert.config(),
                new WordListTokenizer(TinyBert.WORDS), Device.cpu(), TensorSource.of(partial), "ckpt.safetensors"));
        assertTrue(e.getMessage().startsWith("ckpt.safetensors") && e.getMessage().contains("layer.1.output.dense.weight"),
                e.getMessage());
    }

    @Test
    void encoderOnlyCheckpointGetsAHeadFromItsWordEmbeddings() {
        // HF BertModel names: no "bert." prefix, no cls.*, plus a pooler this model does not use.
        Map<String, NDArray> ckpt = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : TinyBert.randomCheckpoint(scope, false, n -> n.startsWith("bert.")).entrySet()) {
            ckpt.put(e.getKey().substring("bert.".length()), e.getValue());
        }
        ckpt.put("pooler.dense.weight", scope.zeros(new Shape(16, 16)));
        try (BertModel enc = new BertModel("mini", TinyBert.config(), new WordListTokenizer(TinyBert.WORDS),
                Device.cpu(), TensorSource.of(ckpt), "mini")) {
            assertTrue(enc.headFromEmbeddings());
            assertFalse(enc.parameters().containsKey("cls.predictions.transform.dense.weight"));
            // logits = h · Eᵀ (bias 0): check one mask position by hand.
            int[] ids = enc.idsWithMasks("a b [MASK]");
            NDArray hidden = enc.hiddenStates(scope, List.of(ids));
            NDArray h = hidden.get(0).get(3);
            NDArray expected = enc.parameters().get("bert.embeddings.word_embeddings.weight").matMul(h);
            NDArray logits = enc.network().logitsAt(hidden, scope.create(new long[] {3}), false);
            assertArrayEquals(expected.toFloatArray(), logits.toFloatArray(), 1e-4f);
        }
    }

    @Test
    void paddingDoesNotChangeRealTokens() {
        int[] shortRow = model.idsWithMasks("a b c");
        int[] longRow = model.idsWithMasks("d e f g h i j");
        float[] alone = model.hiddenStates(scope, List.of(shortRow)).toFloatArray();
        NDArray batched = model.hiddenStates(scope, List.of(shortRow, longRow));
        float[] inBatch = batched.get(0).get("0:" + shortRow.length).toFloatArray();
        assertArrayEquals(alone, inBatch, 1e-5f);
    }

    @Test
    void withoutAnnouncedTasksTheLossFillsExactlyTheAnswersLength() {
        // A direct call (fill-mask view): "[CLS] a b c answer: [MASK] [MASK] [SEP]" for "g h".
        String input = "a b c answer:";
        int[] ids = model.idsWithMasks(input + " [MASK] [MASK]");
        NDArray logProbs = model.network().logitsAt(model.hiddenStates(scope, List.of(ids)),
                scope.create(new long[] {5, 6}), false).logSoftmax(-1);
        float expected = -(logProbs.getFloat(0, 11) + logProbs.getFloat(1, 12)) / 2; // g = 11, h = 12
        assertEquals(expected, model.loss(scope, List.of(new Example("x", input, "g h")), false).getFloat(), 1e-4f);
    }

    @Test
    void truncationKeepsTheEndOfThePrompt() {
        model.setMaxInputTokens(6);
        // Budget 6 = [CLS] + 3 prompt tokens + 1 mask + [SEP]: "a b c d e answer:" keeps "d e answer:".
        float[][] longPrompt = model.scoreCandidates(scope, List.of("a b c d e answer:"), List.of("f"));
        float[][] tail = model.scoreCandidates(scope, List.of("d e answer:"), List.of("f"));
        assertEquals(tail[0][0], longPrompt[0][0], 1e-5f);
    }

    @Test
    void loraTrainingGradientsReachOnlyAdaptersAndNothingLeaks() {
        model.lora().addAdapter("default", LoraConfig.defaults());
        assertEquals(8, model.lora().trainableParameters().size());
        int before = model.manager().getManagedArrays().size();
        for (int step = 0; step < 2; step++) {
            try (NDManager stepScope = scope.newSubManager();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = model.loss(stepScope, List.of(new Example("1", "a b answer:", "c d"),
                        new Example("2", "e f g h answer:", "i")), true);
                gc.backward(loss);
                for (Map.Entry<String, NDArray> e : model.lora().trainableParameters().entrySet()) {
                    NDArray g = Gradients.of(e.getValue(), stepScope);
                    if (e.getKey().contains("lora_B")) {
                        assertTrue(g.abs().sum().getFloat() > 0, e.getKey());
                    }
                }
                for (Map.Entry<String, NDArray> e : model.parameters().entrySet()) {
                    if (!e.getKey().contains("lora_")) {
                        assertFalse(e.getValue().hasGradient(), e.getKey() + " requires a gradient");
                    }
                }
            }
        }
        assertEquals(before, model.manager().getManagedArrays().size(), "arrays leaked into the model's manager");
    }

    @Test
    void generateFillsAtMostTheRequestedMasks() {
        List<String> out = model.generate(scope, List.of("a b answer:", "c answer:"), 3);
        assertEquals(2, out.size());
        for (String s : out) {
            assertTrue(s.isEmpty() || s.split(" ").length <= 3, s);
        }
    }

    @Test
    void fillMaskScoresAreProbabilities() {
        var preds = model.fillMask(scope, "a b [MASK] c", 5).get(0);
        assertEquals(5, preds.size());
        double prev = 1;
        for (var p : preds) {
            assertTrue(p.score() <= prev && p.score() > 0);
            prev = p.score();
        }
    }
}
