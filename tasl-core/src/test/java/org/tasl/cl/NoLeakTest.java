package org.tasl.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tasl.testing.ManagedArrays;
import org.tasl.train.AdamW;

/**
 * Every temporary is closed: many steps leave the parameters' manager as they found it, counted
 * over the manager and all its descendants (the tracker's, the Fisher's and the optimizer's
 * state live in sub-managers, where a leak used to go unseen).
 */
class NoLeakTest {

    @Test
    void trackingConsolidatingAndRegularizingManyStepsAllocatesNothingThatStays() {
        try (NDManager model = NDManager.newBaseManager()) {
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("layer.0.q.lora_A.weight", model.randomNormal(new Shape(4, 8)));
            params.put("layer.0.q.lora_B.weight", model.randomNormal(new Shape(8, 4)));
            params.put("classifier.weight", model.randomNormal(new Shape(3, 8)));
            Map<String, NDArray> grads = new LinkedHashMap<>();
            params.forEach((k, v) -> grads.put(k, model.randomNormal(v.getShape())));
            List<SkillUnit> units = SkillUnits.of(Granularity.LORA_RANK, params);
            try (ImportanceTracker tracker = new ImportanceTracker(model, ImportanceMetrics.MIX);
                    EwcPenalty ewc = new EwcPenalty(model);
                    AdamW optimizer = AdamW.withDefaults(model, 0.01f)) {
                ewc.accumulate(grads);
                ewc.endTask(params);
                OrthogonalityRegularizer orthogonality = new OrthogonalityRegularizer();
                // The first step creates the state (moments, EMAs, this task's Fisher sums).
                step(params, grads, units, tracker, ewc, optimizer, orthogonality);
                int before = ManagedArrays.count(model);
                for (int step = 0; step < 300; step++) {
                    step(params, grads, units, tracker, ewc, optimizer, orthogonality);
                }
                assertEquals(before, ManagedArrays.count(model));
            }
        }
    }

    private static void step(Map<String, NDArray> params, Map<String, NDArray> grads, List<SkillUnit> units,
            ImportanceTracker tracker, EwcPenalty ewc, AdamW optimizer, OrthogonalityRegularizer orthogonality) {
        NDManager model = params.values().iterator().next().getManager();
        optimizer.step(params, grads, 1e-3f);
        tracker.update(params, grads);
        tracker.snapshot(units);
        ewc.accumulate(grads);
        try (NDManager scope = model.newSubManager()) {
            orthogonality.penalty(scope, params);
            ewc.penalty(scope, params);
            Map<String, Double> scores = tracker.unitScores(units);
            Consolidation c = new AdaptiveConsolidation();
            c.apply(units, c.decide(units, scores, scores), params, params, scope);
        }
    }
}
