package org.tasl.model.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tasl.data.Example;
import org.tasl.data.LengthBuckets;
import org.tasl.data.Task;
import org.tasl.eval.MetricKind;
import org.tasl.nn.Gradients;
import org.tasl.scoring.LabelLoss;
import org.tasl.strategy.Evaluator;
import org.tasl.train.AdamW;

/**
 * Evaluation by length buckets answers exactly as evaluation by consecutive batches: padding is
 * masked, so a row's answer does not depend on the rows batched with it, and the answers come
 * back in row order. Tiny BERT (random weights, trained a few steps to answer with the row's first
 * word), rows of 2 to 26 words.
 */
class BucketedEvaluationTest {
    private NDManager scope;
    private BertModel model;
    private Task task;

    @BeforeEach
    void setUp() {
        scope = NDManager.newBaseManager();
        model = TinyBert.load(scope, true);
        Random random = new Random(7);
        List<Example> rows = new ArrayList<>();
        List<String> labels = List.of("f", "g", "i", "a b");
        for (int i = 0; i < 23; i++) {
            // the label is the row's first word(s), so a briefly trained model answers differently per row
            String label = labels.get(i % labels.size());
            StringBuilder input = new StringBuilder(label);
            int words = random.nextInt(24);
            for (int w = 0; w < words; w++) {
                input.append(' ').append(TinyBert.WORDS[random.nextInt(19)]);
            }
            rows.add(new Example("r" + i, input.append(" answer:").toString(), label));
        }
        task = Task.of("t", rows, rows, MetricKind.EXACT_MATCH);
        model.prepareTasks(List.of(task), LabelLoss.VOCAB);
        Map<String, NDArray> params = model.parameters();
        params.values().forEach(p -> p.setRequiresGradient(true));
        try (AdamW opt = AdamW.withDefaults(model.manager(), 0f)) {
            for (int step = 0; step < 60; step++) {
                try (NDManager s = scope.newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        gc.backward(model.loss(s, rows, false));
                    }
                    opt.step(params, Gradients.collect(params, s), 1e-2f);
                    Gradients.zero(params);
                }
            }
        }
    }

    @AfterEach
    void tearDown() {
        model.close();
        scope.close();
    }

    @Test
    void theBucketsReallyReorderTheRows() {
        int[] lengths = Evaluator.tokenLengths(model, task.eval());
        List<int[]> buckets = LengthBuckets.byLength(lengths, 4);
        List<int[]> consecutive = LengthBuckets.inRowOrder(lengths.length, 4);
        assertTrue(LengthBuckets.paddedPositions(buckets, lengths) < LengthBuckets.paddedPositions(consecutive, lengths));
    }

    @Test
    void rankAndGenerateScoresAreThoseOfConsecutiveBatches() {
        for (String mode : List.of("rank", "generate")) {
            Evaluator buckets = new Evaluator(4, mode, 8, true);
            Evaluator consecutive = new Evaluator(4, mode, 8, false);
            List<String> bucketed = buckets.predict(model, task);
            assertEquals(consecutive.predict(model, task), bucketed, mode);
            assertEquals(consecutive.score(model, task), buckets.score(model, task), 0.0, mode);
            // the answers differ between rows, so the equality above also checks their order
            assertTrue(new HashSet<>(bucketed).size() > 1, mode + " answers " + bucketed);
        }
    }

    @Test
    void everyAnswerIsTheOneItsRowGetsAlone() {
        List<String> labels = task.labels();
        List<String> bucketed = new Evaluator(5, "rank", 8, true).predict(model, task);
        List<String> decoded = new Evaluator(5, "generate", 8, true).predict(model, task);
        for (int i = 0; i < task.eval().size(); i++) {
            List<String> one = List.of(task.eval().get(i).input());
            float[] alone = model.scoreCandidates(scope, one, labels)[0];
            int best = 0;
            for (int c = 1; c < alone.length; c++) {
                best = alone[c] > alone[best] ? c : best;
            }
            assertEquals(labels.get(best), bucketed.get(i), "rank answer of row " + i);
            assertEquals(model.generate(scope, one, 8, labels).get(0), decoded.get(i), "decoded answer of row " + i);
        }
    }

    @Test
    void candidateScoresOfAPaddedRowEqualItsScoresAlone() {
        // Within float rounding of differently shaped products: the mask takes padding out exactly.
        List<String> inputs = task.eval().stream().map(Example::input).toList();
        float[][] batched = model.scoreCandidates(scope, inputs, task.labels());
        for (int i = 0; i < inputs.size(); i++) {
            assertArrayEquals(model.scoreCandidates(scope, List.of(inputs.get(i)), task.labels())[0], batched[i], 1e-4f,
                    "row " + i);
        }
    }
}
