package org.tasl.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TASL_SPEC §3.1, §3.3, §3.4: when importance is measured, the EMA, and the unit reduction. */
class ImportanceTrackerTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private Map<String, NDArray> map(String k1, float[] v1, String k2, float[] v2) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        m.put(k1, manager.create(v1));
        if (k2 != null) {
            m.put(k2, manager.create(v2));
        }
        return m;
    }

    @Test
    void emaSkipsTheFirstStepAndNonFiniteStepsAndCombinesSensitivityAndUncertainty() {
        try (ImportanceTracker tracker = new ImportanceTracker(manager, ImportanceMetrics.FIRST_ORDER)) {
            // step 1, the task's first optimizer step: skipped whatever it holds
            assertFalse(tracker.update(map("x", new float[] {9, 9}, "y", new float[] {9}),
                    map("x", new float[] {9, 9}, "y", new float[] {9})));
            // step 2: s_x = |[1,2]⊙[1,1]| = [1, 2], s_y = |2·0.5| = 1
            //   Ī_x = 0.15·[1,2] = [0.15, 0.3];  Ū_x = 0.15·|[1,2] − [0.15,0.3]| = [0.1275, 0.255]
            //   Ī_y = 0.15;                      Ū_y = 0.15·|1 − 0.15| = 0.1275
            assertTrue(tracker.update(map("x", new float[] {1, 2}, "y", new float[] {2}),
                    map("x", new float[] {1, 1}, "y", new float[] {0.5f})));
            // step 3: a NaN in x's gradient: the whole step is skipped, y too
            assertFalse(tracker.update(map("x", new float[] {100, 100}, "y", new float[] {100}),
                    map("x", new float[] {Float.NaN, 1}, "y", new float[] {100})));
            // step 4: s_x = [3·1, 5·0] = [3, 0], s_y = 1·1 = 1
            //   Ī_x = 0.85·[0.15,0.3] + 0.15·[3,0] = [0.5775, 0.255]
            //   Ū_x = 0.85·[0.1275,0.255] + 0.15·|[3,0] − [0.5775,0.255]| = [0.47175, 0.255]
            //   Ī_y = 0.85·0.15 + 0.15·1 = 0.2775
            //   Ū_y = 0.85·0.1275 + 0.15·|1 − 0.2775| = 0.21675
            assertTrue(tracker.update(map("x", new float[] {3, 5}, "y", new float[] {1}),
                    map("x", new float[] {1, 0}, "y", new float[] {1})));
            // step 5: +Inf in y's gradient: skipped, x too
            assertFalse(tracker.update(map("x", new float[] {100, 100}, "y", new float[] {100}),
                    map("x", new float[] {1, 1}, "y", new float[] {Float.POSITIVE_INFINITY})));

            assertEquals(2, tracker.steps());
            assertEquals(2, tracker.skippedSteps());
            // S_x = Ī⊙Ū = [0.5775·0.47175, 0.255·0.255] = [0.272435625, 0.065025]
            assertArrayEquals(new float[] {0.272435625f, 0.065025f},
                    tracker.elementScore("x", manager).toFloatArray(), 1e-6f);
            // tensor units: mean of S. x: (0.272435625 + 0.065025)/2; y: 0.2775·0.21675
            List<SkillUnit> units = SkillUnits.of(Granularity.MATRIX_FULL,
                    map("x", new float[] {0, 0}, "y", new float[] {0}));
            Map<String, Double> scores = tracker.unitScores(units);
            assertEquals(0.1687303125, scores.get("x"), 1e-6);
            assertEquals(0.060148125, scores.get("y"), 1e-6);
            double[] snapshot = tracker.snapshot(units);
            assertEquals(scores.get("x"), snapshot[0], 0);
            assertEquals(scores.get("y"), snapshot[1], 0);
        }
    }

    @Test
    void resetForgetsScoresAndCountersAndSkipsTheNextTasksFirstStep() {
        try (ImportanceTracker tracker = new ImportanceTracker(manager, ImportanceMetrics.FIRST_ORDER)) {
            Map<String, NDArray> w = map("x", new float[] {1, 2}, null, null);
            Map<String, NDArray> g = map("x", new float[] {1, 1}, null, null);
            tracker.update(w, g);
            tracker.update(w, g);
            tracker.update(w, map("x", new float[] {Float.NaN, 0}, null, null));
            assertEquals(1, tracker.steps());
            assertEquals(1, tracker.skippedSteps());
            tracker.reset();
            assertEquals(List.of(), tracker.tensors());
            assertEquals(0, tracker.steps());
            assertEquals(0, tracker.skippedSteps());
            assertFalse(tracker.update(w, g)); // first step of the new task
            List<SkillUnit> units = SkillUnits.of(Granularity.MATRIX_FULL, w);
            assertEquals(0.0, tracker.unitScores(units).get("x"), 0);
        }
    }

    @Test
    void infinitiesOfBothSignsAreNonFiniteAndLargeFiniteGradientsAreNot() {
        assertTrue(ImportanceTracker.anyNonFinite(map("x", new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY},
                null, null)));
        assertTrue(ImportanceTracker.anyNonFinite(map("x", new float[] {1}, "y", new float[] {Float.NaN})));
        assertFalse(ImportanceTracker.anyNonFinite(map("x", new float[] {1e30f, 1e30f}, "y", new float[] {-3e38f})));
    }

    /** A metric that returns the gradient itself, so that S = 0.15·0.1275·g² after one step. */
    private static final ImportanceMetric GRADIENT = (w, g) -> g.duplicate();

    private Map<String, NDArray> lora(float[][] a, float[][] b) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        m.put("layer.0.q.lora_A.weight", manager.create(a));
        m.put("layer.0.q.lora_B.weight", manager.create(b));
        return m;
    }

    @Test
    void rankUnitScoreIsTheProductOfTheMeansOverBsColumnAndAsRow() {
        // (float32 state: compared to 5 significant digits)
        // One accumulated step with s = g ≥ 0: Ī = 0.15·s, Ū = 0.15·|s − 0.15·s| = 0.1275·s,
        // so S = k·s² with k = 0.15·0.1275 = 0.019125.
        //   S_A = k·[[1,1,1],[4,0,0]]  → row means    [k, 4k/3]
        //   S_B = k·[[1,4],[1,0]]      → column means [k, 2k]
        //   rank0 = k·k = k² = 0.000365765625;  rank1 = 2k·4k/3 = 8k²/3 = 0.000975375
        //   matrix units: A = mean S_A = 7k/6 = 0.0223125;  B = mean S_B = 6k/4 = 0.0286875
        Map<String, NDArray> params = lora(new float[][] {{0, 0, 0}, {0, 0, 0}}, new float[][] {{0, 0}, {0, 0}});
        Map<String, NDArray> grads = lora(new float[][] {{1, 1, 1}, {2, 0, 0}}, new float[][] {{1, 2}, {1, 0}});
        try (ImportanceTracker tracker = new ImportanceTracker(manager, GRADIENT)) {
            tracker.update(params, grads);
            tracker.update(params, grads);
            Map<String, Double> rank = tracker.unitScores(SkillUnits.of(Granularity.LORA_RANK, params));
            assertEquals(0.000365765625, rank.get("layer.0.q#rank0"), 1e-5 * 0.000365765625);
            assertEquals(0.000975375, rank.get("layer.0.q#rank1"), 1e-5 * 0.000975375);
            Map<String, Double> matrix = tracker.unitScores(SkillUnits.of(Granularity.MATRIX_LORA, params));
            assertEquals(0.0223125, matrix.get("layer.0.q#A"), 1e-8);
            assertEquals(0.0286875, matrix.get("layer.0.q#B"), 1e-8);
        }
    }

    @Test
    void theMetricIsPluggable() {
        try (ImportanceTracker tracker = new ImportanceTracker(manager, ImportanceMetrics.FIRST_ORDER)) {
            tracker.setMetric(ImportanceMetrics.SECOND_ORDER);
            Map<String, NDArray> w = map("x", new float[] {2}, null, null);
            Map<String, NDArray> g = map("x", new float[] {1.5f}, null, null);
            tracker.update(w, g);
            tracker.update(w, g);
            // s = (2·1.5)² = 9; Ī = 1.35; Ū = 0.15·|9 − 1.35| = 1.1475; S = 1.549125
            assertEquals(1.549125, tracker.unitScores(SkillUnits.of(Granularity.MATRIX_FULL, w)).get("x"), 1e-5);
        }
    }

    @Test
    void aUnitOverAnUntrackedTensorIsAnError() {
        try (ImportanceTracker tracker = new ImportanceTracker(manager, ImportanceMetrics.MIX)) {
            tracker.update(map("x", new float[] {1}, null, null), map("x", new float[] {1}, null, null));
            List<SkillUnit> units = SkillUnits.of(Granularity.MATRIX_FULL, map("z", new float[] {1}, null, null));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tracker.unitScores(units));
            assertTrue(e.getMessage().contains("z"), e.getMessage());
        }
    }
}
