package org.tasl.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tasl.api.Tasl;
import org.tasl.data.Benchmark;
import org.tasl.event.RunEvent;
import org.tasl.model.Backbones;
import org.tasl.model.LanguageModel;
import org.tasl.run.RunConfig;
import org.tasl.run.RunDirectory;
import org.tasl.run.RunDirectorySink;
import org.tasl.testing.ManagedArrays;
import org.tasl.testing.SyntheticBenchmark;
import org.tasl.testing.TinyBertFolder;
import org.tasl.train.HostTransfers;

/**
 * A training step leaves nothing behind and reads from the device once.
 *
 * <p>Memory: for every method (full fine-tuning included), the
 * number of native arrays the model's manager and all its descendants hold (the optimizer's
 * moments, importance, Fisher, replay state...) is the same after step k+1 as after step k.
 * The state a task creates appears at its first step, so steps 2.. of each training pass (a task,
 * or tasl-replay's replay pass after it) are compared.
 * A leak of one array per step fails this; the AdamW leak of three per tensor per step did.
 *
 * <p>Transfers: between two step events the training step copies from the device exactly once
 * (gradient norm, finiteness and loss together), plus once for each importance snapshot event
 * published in between (a progress event that needs numbers). Before, a step read 2N + 2 or
 * more times (N trainable tensors).
 */
class TrainingStepTest {
    @TempDir
    static Path shared;
    static Path backbone;
    static Path data;

    @BeforeAll
    static void fixtures() throws IOException {
        backbone = TinyBertFolder.write(shared.resolve("tiny-bert"));
        data = SyntheticBenchmark.write(shared.resolve("data"), 16, 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tasl", "taslora", "tasl-replay", "seqft", "seqlora", "inclora", "olora", "replay", "ewc",
        "mtl", "pertask"})
    @SuppressWarnings("unchecked")
    void everyStepLeavesTheSameArraysAndReadsTheDeviceOnce(String method, @TempDir Path tmp) throws IOException {
        RunConfig c = Tasl.config().set("method", method).set("backbone", backbone.toString())
                .set("benchmark", SyntheticBenchmark.NAME).set("tasks", "color,animal")
                .set("data_dir", data.toString()).set("train_per_task", 10).set("eval_per_task", 2)
                .set("batch_size", 2).set("lr", 1e-2).set("warmup_steps", 1).set("seed", 3)
                .set("snapshot_every", 2).set("device", "cpu").set("lora_dropout", 0.1).set("max_input_tokens", 32)
                .set("out", tmp.toString());
        Benchmark bench = Tasl.benchmark(c);
        // one entry per training pass (a task; tasl-replay adds a replay pass after each later task):
        // "task k" -> arrays held after each of its steps; a pass starts at its step 1
        Map<String, List<Integer>> counts = new LinkedHashMap<>();
        List<String> extraTransfers = new ArrayList<>();
        try (LanguageModel model = Backbones.load(backbone.toString(), Device.cpu())) {
            model.setMaxInputTokens(32);
            List<Integer>[] current = new List[1];
            long[] transfers = {-1, 0}; // count at the last step event, snapshots since then
            RunEvents events = new RunEvents("leak", e -> {
                if (e.type() == RunEvent.Type.IMPORTANCE_SNAPSHOT) {
                    transfers[1]++;
                }
                if (e.type() == RunEvent.Type.STEP) {
                    int step = ((Number) e.get("step")).intValue();
                    if (step == 1) {
                        current[0] = new ArrayList<>();
                        counts.put("task " + e.get("task") + " pass " + (counts.size() + 1), current[0]);
                    }
                    current[0].add(ManagedArrays.count(model.manager()));
                    long now = HostTransfers.count();
                    if (step > 1 && now - transfers[0] != 1 + transfers[1]) {
                        extraTransfers.add("task " + e.get("task") + " step " + step + ": " + (now - transfers[0])
                                + " reads with " + transfers[1] + " snapshots");
                    }
                    transfers[0] = now;
                    transfers[1] = 0;
                }
            });
            new ContinualLearner(c, model, bench.tasks(), new RunDirectorySink(RunDirectory.create(tmp)), events,
                    Plugins.forMethod(c, null)).run(0);
        }
        assertEquals(List.of(), extraTransfers, method + ": device reads beyond one per step");
        int passes = method.equals("mtl") ? 1 : method.equals("tasl-replay") ? 3 : 2;
        assertEquals(passes, counts.size(), method + ": training passes " + counts.keySet());
        for (Map.Entry<String, List<Integer>> e : counts.entrySet()) {
            List<Integer> perStep = e.getValue();
            assertTrue(perStep.size() >= 4, method + " " + e.getKey() + " trained " + perStep.size() + " steps");
            for (int k = 1; k + 1 < perStep.size(); k++) {
                assertEquals(perStep.get(k), perStep.get(k + 1), method + " " + e.getKey()
                        + ": arrays held after each step " + perStep);
            }
        }
    }
}
