package org.tasl.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.cl.UnitRecord;
import org.tasl.data.Benchmark;
import org.tasl.eval.AccuracyMatrix;
import org.tasl.model.Backbones;
import org.tasl.model.LanguageModel;
import org.tasl.strategy.RunEvents;
import org.tasl.strategy.WhatIfConsolidation;
import org.tasl.tensor.HostTensor;
import org.tasl.testing.SyntheticBenchmark;
import org.tasl.testing.TinyBertFolder;
import org.tasl.weights.SafeTensors;

/**
 * {@code ./tasl consolidate} through the sinks: the source run is read and the what-if written
 * through {@link RunDirectorySink}. Consolidating again with the run's own settings must give
 * the run's own θ̂_k and units.csv (each θ̂_{k-1} it starts from is then the original one).
 */
class WhatIfConsolidationTest {
    @TempDir
    static Path shared;
    static Path backbone;
    static Path data;
    static Path source;

    @BeforeAll
    static void finishedTaslRun() throws IOException {
        backbone = TinyBertFolder.write(shared.resolve("tiny-bert"));
        data = SyntheticBenchmark.write(shared.resolve("data"), 24, 12);
        source = shared.resolve("run");
        RunConfig c = config();
        assertEquals("completed", SampledBenchmarks.experiment(SampledBenchmarks.load(c), c).run().status());
    }

    static RunConfig config() {
        return RunConfig.defaults().set("method", "tasl").set("backbone", backbone.toString())
                .set("benchmark", SyntheticBenchmark.NAME).set("tasks", String.join(",", SyntheticBenchmark.TASKS))
                .set("data_dir", data.toString()).set("train_per_task", 16).set("eval_per_task", 8)
                .set("batch_size", 4).set("lr", 1e-2).set("warmup_steps", 1).set("seed", 3)
                .set("device", "cpu").set("max_input_tokens", 48).set("out", source.toString());
    }

    private static AccuracyMatrix whatIf(RunConfig c, Path target) {
        Benchmark bench = SampledBenchmarks.load(c);
        try (LanguageModel model = Backbones.load(c.get(RunOptions.BACKBONE), Device.cpu())) {
            model.setMaxInputTokens(c.require(RunOptions.MAX_INPUT_TOKENS));
            return new WhatIfConsolidation(new RunDirectorySink(RunDirectory.open(source)), c, model, bench.tasks(),
                    new RunDirectorySink(RunDirectory.create(target)), new RunEvents("what-if", e -> { })).run();
        }
    }

    @Test
    void theRunsOwnSettingsGiveTheRunsOwnConsolidation(@TempDir Path tmp) {
        Path target = tmp.resolve("what-if");
        AccuracyMatrix m = whatIf(config(), target);

        RunDirectory original = RunDirectory.open(source);
        RunDirectory again = new RunDirectory(target);
        for (int k = 0; k < SyntheticBenchmark.TASKS.size(); k++) {
            String name = SyntheticBenchmark.TASKS.get(k);
            List<UnitRecord> units = original.readUnits(k);
            assertEquals(units, again.readUnits(k), "units.csv of task " + k);
            Map<String, HostTensor> a = SafeTensors.read(original.thetaHatFile(k, name));
            Map<String, HostTensor> b = SafeTensors.read(again.thetaHatFile(k, name));
            assertEquals(a.keySet(), b.keySet());
            for (String t : a.keySet()) {
                assertArrayEquals(a.get(t).toFloatArray(), b.get(t).toFloatArray(), 1e-6f, "θ̂_" + k + " " + t);
            }
            assertEquals(k, again.readTaskRecord(k).task());
            assertArrayEquals(original.readTaskRecord(k).row(), again.readTaskRecord(k).row(), 1e-9, "row " + k);
        }
        assertArrayEquals(original.readAccuracyMatrix().toArray(), m.toArray());
        assertArrayEquals(BaselineScores.read(original), BaselineScores.read(again), "baseline copied");
    }

    @Test
    void anotherStrategyRecordsItsDecisions(@TempDir Path tmp) {
        Path target = tmp.resolve("adaptive");
        whatIf(config().set("consolidation", "adaptive").set("tau", 0.5), target);
        RunDirectory again = new RunDirectory(target);
        assertTrue(again.readUnits(0).stream().allMatch(u -> u.category().equals("initial")));
        for (int k = 1; k < SyntheticBenchmark.TASKS.size(); k++) {
            assertTrue(again.readUnits(k).stream().allMatch(u -> u.category().equals("adaptive")), "task " + k);
        }
        assertEquals(SyntheticBenchmark.TASKS.size(), again.completedTasks(SyntheticBenchmark.TASKS).size());
    }

    @Test
    void aMissingThetaIsNamed(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("cut");
        copyTree(source, copy);
        Files.delete(RunDirectory.open(copy).thetaFile(1, SyntheticBenchmark.TASKS.get(1)));
        RunConfig c = config();
        Benchmark bench = SampledBenchmarks.load(c);
        try (LanguageModel model = Backbones.load(c.get(RunOptions.BACKBONE), Device.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new WhatIfConsolidation(
                    new RunDirectorySink(RunDirectory.open(copy)), c, model, bench.tasks(),
                    new RunDirectorySink(RunDirectory.create(tmp.resolve("out"))), new RunEvents("x", ev -> { })).run());
            assertTrue(e.getMessage().contains("01-animal") && e.getMessage().contains("theta.safetensors is missing"),
                    e.getMessage());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }
}
