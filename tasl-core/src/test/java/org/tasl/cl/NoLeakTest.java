package org.tasl.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every temporary is closed: many steps leave the parameters' manager as they found it. */
class NoLeakTest {

    private static int resources(NDManager manager) {
        Matcher m = Pattern.compile("Resource size: (\\d+)").matcher(manager.toString());
        if (!m.find()) {
            throw new IllegalStateException("cannot read the resource count of " + manager);
        }
        return Integer.parseInt(m.group(1));
    }

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
                    EwcPenalty ewc = new EwcPenalty(model)) {
                ewc.accumulate(grads);
                ewc.endTask(params);
                OrthogonalityRegularizer orthogonality = new OrthogonalityRegularizer();
                tracker.update(params, grads);
                int before = resources(model);
                for (int step = 0; step < 300; step++) {
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
                assertEquals(before, resources(model));
            }
        }
    }
}
