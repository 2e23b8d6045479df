package org.tasl.cl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints the per-step cost of importance tracking and the cost of consolidation on a
 * BERT-base-sized LoRA (q and v of 12 layers, r = 8, d = 768) and on BERT-base-sized full
 * fine-tuning of the encoder's 12×(4 attention + 2 FFN) matrices. Not a test: run its main.
 * Arguments: [device] (cpu, gpu; default: the engine's default).
 */
public final class ImportanceBench {

    public static void main(String[] args) {
        Device device = args.length > 0 ? Device.fromName(args[0]) : null;
        try (NDManager model = device == null ? NDManager.newBaseManager() : NDManager.newBaseManager(device)) {
            Map<String, NDArray> lora = new LinkedHashMap<>();
            for (int l = 0; l < 12; l++) {
                for (String m : new String[] {"query", "value"}) {
                    String path = "bert.encoder.layer." + l + ".attention.self." + m;
                    lora.put(path + ".lora_A.default.weight", model.randomNormal(new Shape(8, 768)));
                    lora.put(path + ".lora_B.default.weight", model.randomNormal(new Shape(768, 8)));
                }
            }
            run("LoRA r=8 q,v x12 (" + lora.size() + " tensors)", model, lora, Granularity.LORA_RANK, Integer.getInteger("steps", 30));
            Map<String, NDArray> full = new LinkedHashMap<>();
            for (int l = 0; l < 12; l++) {
                for (String m : new String[] {"attention.self.query", "attention.self.key", "attention.self.value",
                        "attention.output.dense"}) {
                    full.put("bert.encoder.layer." + l + "." + m + ".weight", model.randomNormal(new Shape(768, 768)));
                }
                full.put("bert.encoder.layer." + l + ".intermediate.dense.weight", model.randomNormal(new Shape(3072, 768)));
                full.put("bert.encoder.layer." + l + ".output.dense.weight", model.randomNormal(new Shape(768, 3072)));
            }
            if (Integer.getInteger("fullSteps", 3) > 0) run("full FT 12 layers (" + full.size() + " tensors, 85M params)", model, full, Granularity.MATRIX_FULL, Integer.getInteger("fullSteps", 3));
        }
    }

    private static void run(String label, NDManager model, Map<String, NDArray> params, Granularity granularity, int steps) {
        Map<String, NDArray> grads = new LinkedHashMap<>();
        params.forEach((k, v) -> grads.put(k, model.randomNormal(v.getShape()).mul(1e-3f)));
        List<SkillUnit> units = SkillUnits.of(granularity, params);
        try (ImportanceTracker tracker = new ImportanceTracker(model, ImportanceMetrics.MIX)) {
            tracker.update(params, grads);
            tracker.update(params, grads);
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                tracker.update(params, grads);
            }
            double update = (System.nanoTime() - t0) / 1e6 / steps;
            t0 = System.nanoTime();
            Map<String, Double> scores = null;
            for (int i = 0; i < 10; i++) {
                scores = tracker.unitScores(units);
            }
            double unitScores = (System.nanoTime() - t0) / 1e6 / 10;
            Consolidation c = new AdaptiveConsolidation();
            t0 = System.nanoTime();
            try (NDManager into = model.newSubManager()) {
                c.apply(units, c.decide(units, scores, scores), params, params, into);
            }
            double merge = (System.nanoTime() - t0) / 1e6;
            System.out.printf("%s on %s: %d units; update %.2f ms/step, unit scores %.2f ms, consolidation %.1f ms%n",
                    label, model.getDevice(), units.size(), update, unitScores, merge);
        }
    }
}
