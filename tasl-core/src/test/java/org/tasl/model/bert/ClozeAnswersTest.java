package org.tasl.model.bert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tasl.data.Example;
import org.tasl.data.Task;
import org.tasl.eval.MetricKind;
import org.tasl.nn.Gradients;
import org.tasl.nn.TensorSource;
import org.tasl.scoring.LabelLoss;
import org.tasl.strategy.Evaluator;
import org.tasl.tokenize.TextTokenizer;
import org.tasl.tokenize.Tokenizers;
import org.tasl.train.AdamW;

/**
 * The encoder's answer slots: the input never tells the label's length, every candidate is
 * scored under one input over all slots, free decoding reads the slots in one pass.
 * Tiny model ids: [PAD] 0 … [MASK] 4, a 5 … f 10, g 11, h 12, i 13, answer: 24.
 */
class ClozeAnswersTest {
    private NDManager scope;
    private BertModel model;

    @BeforeEach
    void setUp() {
        scope = NDManager.newBaseManager();
        model = TinyBert.load(scope, true);
    }

    @AfterEach
    void tearDown() {
        model.close();
        scope.close();
    }

    /** Log-probs over the vocabulary at the two slots of "[CLS] a b c answer: [MASK] [MASK] [SEP]". */
    private NDArray slotLogProbs(String input, int slots) {
        int[] ids = model.idsWithMasks(input + " [MASK]".repeat(slots));
        long[] at = new long[slots];
        for (int j = 0; j < slots; j++) {
            at[j] = ids.length - 1 - slots + j;
        }
        return model.network().logitsAt(model.hiddenStates(scope, List.of(ids)), scope.create(at), false).logSoftmax(-1);
    }

    @Test
    void candidatesOfDifferentLengthsAreScoredOverTheSameSlotsUnderOneInput() {
        String input = "a b c answer:";
        // Labels "f" (1 token) and "g h" (2 tokens): S = 2 slots, filler [PAD] = 0.
        float[][] scores = model.scoreCandidates(scope, List.of(input), List.of("f", "g h"));
        NDArray lp = slotLogProbs(input, 2);
        float f = lp.getFloat(0, 10) + lp.getFloat(1, 0); // f, then the filler
        float gh = lp.getFloat(0, 11) + lp.getFloat(1, 12); // g, h
        assertEquals(f, scores[0][0], 1e-4f);
        assertEquals(gh, scores[0][1], 1e-4f);

        // Training sees the same input for both labels: its loss is the mean over the same two slots.
        Task task = Task.of("t", List.of(new Example("1", input, "f"), new Example("2", input, "g h")),
                List.of(new Example("3", input, "f")), MetricKind.EXACT_MATCH);
        model.prepareTasks(List.of(task), LabelLoss.VOCAB);
        assertEquals(-f / 2, model.loss(scope, List.of(task.train().get(0)), false).getFloat(), 1e-4f);
        assertEquals(-gh / 2, model.loss(scope, List.of(task.train().get(1)), false).getFloat(), 1e-4f);
        assertEquals(-(f + gh) / 4, model.loss(scope, task.train(), false).getFloat(), 1e-4f);
    }

    @Test
    void theLabelsLossNormalisesOverTheTaskLabelTokensAndTheFiller() {
        String input = "a b c answer:";
        Task task = Task.of("t", List.of(new Example("1", input, "f"), new Example("2", input, "g h")),
                List.of(new Example("3", input, "f")), MetricKind.EXACT_MATCH);
        model.prepareTasks(List.of(task), LabelLoss.LABELS);
        // Allowed ids {0 filler, 10 f, 11 g, 12 h}; the softmax runs over those four logits only.
        NDArray logits = slotLogProbs(input, 2); // log-softmax differs from logits by a per-slot constant
        float[] allowed0 = {logits.getFloat(0, 0), logits.getFloat(0, 10), logits.getFloat(0, 11), logits.getFloat(0, 12)};
        float[] allowed1 = {logits.getFloat(1, 0), logits.getFloat(1, 10), logits.getFloat(1, 11), logits.getFloat(1, 12)};
        double expected = -(logits.getFloat(0, 11) - logSumExp(allowed0) + logits.getFloat(1, 12) - logSumExp(allowed1)) / 2;
        assertEquals(expected, model.loss(scope, List.of(task.train().get(1)), false).getFloat(), 1e-4);
        // A row of no announced task has no label vocabulary.
        assertThrows(IllegalArgumentException.class,
                () -> model.loss(scope, List.of(new Example("x", "d e answer:", "f")), false));
    }

    private static double logSumExp(float[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : v) {
            max = Math.max(max, x);
        }
        double s = 0;
        for (float x : v) {
            s += Math.exp(x - max);
        }
        return max + Math.log(s);
    }

    @Test
    void freeDecodingProducesAMultiTokenLabelAfterBriefTraining(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        // A WordPiece vocabulary: "Techno & Sports" is tech ##no & sports (4 slots), uncased.
        List<String> vocab = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b", "c", "d", "e",
                "answer", ":", "natural", "place", "tech", "##no", "&", "sports", "world", "x", "y", "z", "q", "r", "s");
        java.nio.file.Files.write(dir.resolve("vocab.txt"), vocab); // DJL's HF tokenizers, as for a vocab.txt-only folder
        TextTokenizer tok = Tokenizers.load(dir);
        Map<String, NDArray> ckpt = TinyBert.randomCheckpoint(scope, true, n -> true);
        try (BertModel m = new BertModel("tiny-wp", TinyBert.config(), tok, Device.cpu(), TensorSource.of(ckpt), "x")) {
            List<String> labels = List.of("Natural Place", "Sports", "Techno & Sports");
            List<Example> train = List.of(new Example("1", "a b\nx y\nAnswer:", "Techno & Sports"),
                    new Example("2", "c d\nz q\nAnswer:", "Sports"), new Example("3", "e a\nr s\nAnswer:", "Natural Place"));
            Task task = Task.of("topics", train, train, MetricKind.EXACT_MATCH);
            m.prepareTasks(List.of(task), LabelLoss.VOCAB);
            List<String> inputs = train.stream().map(Example::input).toList();
            List<String> before = m.generate(scope, inputs, 8, labels);
            assertNotEquals(List.of("Techno & Sports", "Sports", "Natural Place"), before);

            Map<String, NDArray> params = m.parameters();
            params.values().forEach(p -> p.setRequiresGradient(true));
            try (AdamW opt = AdamW.withDefaults(m.manager(), 0f)) {
                for (int step = 0; step < 400; step++) {
                    try (NDManager s = scope.newSubManager()) {
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            gc.backward(m.loss(s, train, false));
                        }
                        opt.step(params, Gradients.collect(params, s), 5e-3f);
                        Gradients.zero(params);
                    }
                }
            }
            // Decoded over the whole vocabulary, fillers stripped, "##no" joined, the label's casing restored.
            assertEquals(List.of("Techno & Sports", "Sports", "Natural Place"), m.generate(scope, inputs, 8, labels));
            assertEquals(100.0, new Evaluator(8, "generate", 32).score(m, task), 1e-9);
        }
    }

    @Test
    void theFillerIsAPeriodUnlessALabelContainsOne() {
        List<String> vocab = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ".", "u", "s", "world", "a", "b",
                "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p");
        Map<String, NDArray> ckpt = TinyBert.randomCheckpoint(scope, true, n -> true);
        try (BertModel m = new BertModel("tiny-wp", TinyBert.config(), wordPiece(vocab),
                Device.cpu(), TensorSource.of(ckpt), "x")) {
            assertEquals(5, m.answerSlots(List.of("World", "U S")).filler());
            assertEquals(0, m.answerSlots(List.of("World", "U.S.")).filler()); // "." is a label token here
        }
    }

    @Test
    void aPromptTooLongForTheBudgetLosesItsPassageNotItsOptionsOrCue() {
        model.setMaxInputTokens(9);
        // [CLS] + 5 prompt tokens + 2 slots + [SEP]: keeps "a b" (instruction + options), "c d", "answer:".
        String longPrompt = "a b\nc d e f g\nanswer:";
        float[][] cut = model.scoreCandidates(scope, List.of(longPrompt), List.of("f", "g h"));
        float[][] byHand = model.scoreCandidates(scope, List.of("a b c d answer:"), List.of("f", "g h"));
        assertEquals(byHand[0][0], cut[0][0], 1e-5f);
        assertEquals(byHand[0][1], cut[0][1], 1e-5f);
        assertTrue(Float.isFinite(cut[0][0]));
    }

    /** BERT's uncased WordPiece over {@code vocab}, run by DJL's HF tokenizers. */
    private static TextTokenizer wordPiece(List<String> vocab) {
        return org.tasl.tokenize.HfJsonTokenizer.fromJson(org.tasl.weights.WordPieceTokenizerJson.build(vocab, true),
                java.nio.file.Path.of("test-vocab"));
    }
}
