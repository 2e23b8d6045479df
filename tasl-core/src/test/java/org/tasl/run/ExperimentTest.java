package org.tasl.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tasl.api.Tasl;
import org.tasl.cl.UnitRecord;
import org.tasl.data.Benchmark;
import org.tasl.event.RunEvent;
import org.tasl.testing.SyntheticBenchmark;
import org.tasl.testing.TinyBertFolder;

/** The whole loop on a tiny random BERT and a synthetic three-task stream. */
class ExperimentTest {
    @TempDir
    static Path shared;
    static Path backbone;
    static Path data;

    @BeforeAll
    static void fixtures() throws IOException {
        backbone = TinyBertFolder.write(shared.resolve("tiny-bert"));
        data = SyntheticBenchmark.write(shared.resolve("data"), 24, 12);
    }

    static RunConfig config(String method, Path out) {
        return Tasl.config().set("method", method).set("backbone", backbone.toString())
                .set("benchmark", SyntheticBenchmark.NAME).set("tasks", String.join(",", SyntheticBenchmark.TASKS))
                .set("data_dir", data.toString()).set("train_per_task", 16).set("eval_per_task", 8)
                .set("batch_size", 4).set("lr", 1e-2).set("warmup_steps", 1).set("seed", 3)
                .set("snapshot_every", 1).set("device", "cpu").set("lora_dropout", 0.1).set("max_input_tokens", 48)
                .set("out", out.toString());
    }

    static Benchmark bench(RunConfig c) {
        return Tasl.benchmark(c);
    }

    @Test
    void taslRunWritesEveryArtifactOfTheContract(@TempDir Path tmp) throws IOException {
        RunConfig c = config("tasl", tmp.resolve("run"));
        List<RunEvent> events = new ArrayList<>();
        RunResult r = Tasl.experiment(bench(c), c).run(events::add);

        assertEquals("completed", r.status());
        assertEquals(SyntheticBenchmark.TASKS, r.tasks());
        double[][] a = r.accuracyMatrix();
        assertEquals(3, a.length);
        for (double[] row : a) {
            for (double v : row) {
                assertTrue(v >= 0 && v <= 100, "scores are percentages: " + v);
            }
        }
        // AP and BWT as TASL_SPEC §8 defines them, from the stored matrix.
        assertEquals((a[2][0] + a[2][1] + a[2][2]) / 3, r.ap(), 1e-9);
        assertEquals(((a[2][0] - a[0][0]) + (a[2][1] - a[1][1])) / 2, r.bwt(), 1e-9);
        assertEquals(3, r.baselineScores().length);

        Path dir = r.dir();
        for (String f : List.of("config.json", "events.jsonl", "accuracy_matrix.csv", "results.json", "baseline.json")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        Map<String, Object> results = org.tasl.util.Json.readObject(dir.resolve("results.json"));
        assertTrue(results.keySet().containsAll(Set.of("method", "backbone", "benchmark", "order", "tasks",
                "accuracy_matrix", "ap", "bwt", "fwt", "fwt_raw", "baseline_scores", "seconds")), results.keySet().toString());
        for (int k = 0; k < 3; k++) {
            List<UnitRecord> units = r.importance(k);
            // q and v of 2 layers, A and B each: 8 matrix-level LoRA units.
            assertEquals(8, units.size());
            Path taskDir = RunDirectory.open(dir).findTaskDir(k);
            assertTrue(Files.isRegularFile(taskDir.resolve("theta.safetensors")));
            assertTrue(Files.isRegularFile(taskDir.resolve("theta_hat.safetensors")));
            Set<String> categories = units.stream().map(UnitRecord::category).collect(Collectors.toSet());
            if (k == 0) {
                assertEquals(Set.of("initial"), categories);
            } else {
                assertTrue(Set.of("both", "previous", "current", "neither").containsAll(categories), categories.toString());
                // the 80th percentile marks about a fifth of the units as important to the current task
                long current = units.stream().filter(u -> u.category().equals("both") || u.category().equals("current")).count();
                assertTrue(current >= 1 && current <= 2, "important to current: " + current);
            }
        }
        Set<String> types = events.stream().map(RunEvent::name).collect(Collectors.toSet());
        assertTrue(types.containsAll(Set.of("run_started", "task_started", "step", "importance_snapshot",
                "task_trained", "consolidation", "task_evaluated", "task_completed", "run_finished")), types.toString());
        long logged = Files.readAllLines(dir.resolve("events.jsonl")).size();
        assertEquals(events.size(), logged, "every event is in events.jsonl");
    }

    @ParameterizedTest
    @ValueSource(strings = {"taslora", "tasl-replay", "seqft", "seqlora", "inclora", "olora", "replay", "ewc", "mtl",
        "pertask"})
    void everyMethodRunsToTheEnd(String method, @TempDir Path tmp) {
        RunConfig c = config(method, tmp.resolve("run")).set("train_per_task", 8).set("eval_per_task", 4);
        RunResult r = Tasl.experiment(bench(c), c).run();
        assertEquals("completed", r.status());
        assertTrue(Double.isFinite(r.ap()), method + " AP");
        if (!method.equals("mtl")) {
            assertTrue(Double.isFinite(r.bwt()), method + " BWT");
        }
    }

    @Test
    void anInterruptedRunResumesToTheSameResults(@TempDir Path tmp) {
        RunConfig full = config("tasl", tmp.resolve("full"));
        RunResult uninterrupted = Tasl.experiment(bench(full), full).run();

        RunConfig c = config("tasl", tmp.resolve("resumed"));
        Experiment first = Tasl.experiment(bench(c), c);
        first.addListener(e -> {
            if (e.type() == RunEvent.Type.STEP && ((Number) e.get("task")).intValue() == 1) {
                first.cancel();
            }
        });
        RunResult partial = first.run();
        assertEquals("interrupted", partial.status());
        assertTrue(Double.isNaN(partial.accuracyMatrix()[1][0]), "task 1 never completed");

        RunResult resumed = Tasl.experiment(bench(c), c).setResume(true).run();
        assertEquals("completed", resumed.status());
        for (int j = 0; j < 3; j++) {
            assertArrayEquals(uninterrupted.accuracyMatrix()[j], resumed.accuracyMatrix()[j], 1e-9, "row " + j);
        }
        assertEquals(uninterrupted.ap(), resumed.ap(), 1e-9);
        assertEquals(uninterrupted.bwt(), resumed.bwt(), 1e-9);
    }

    @Test
    void resumingWithAnotherConfigIsRefusedAndChangesNothing(@TempDir Path tmp) throws IOException {
        RunConfig c = config("seqlora", tmp.resolve("run")).set("train_per_task", 8).set("eval_per_task", 4);
        Tasl.experiment(bench(c), c).run();
        Path results = tmp.resolve("run/results.json");
        String before = Files.readString(results);

        RunConfig other = c.copy().set("lr", 5e-3);
        Exception e = assertThrows(RuntimeException.class, () -> Tasl.experiment(bench(other), other).setResume(true).run());
        assertTrue(e.getMessage().contains("lr"), e.getMessage());
        assertEquals(before, Files.readString(results));

        Exception again = assertThrows(IllegalArgumentException.class, () -> Tasl.experiment(bench(c), c).run());
        assertTrue(again.getMessage().contains("--resume"), again.getMessage());
    }

    @Test
    void anUnknownBackboneFailsBeforeTheRunDirectoryIsWritten(@TempDir Path tmp) {
        RunConfig c = config("seqlora", tmp.resolve("run")).set("backbone", "bert-bsae-uncased");
        Exception e = assertThrows(IllegalArgumentException.class, () -> Tasl.experiment(bench(c), c).run());
        assertTrue(e.getMessage().contains("unknown backbone 'bert-bsae-uncased'"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("run")), "a typo must not leave a run directory that blocks --out");
    }

    @Test
    void bf16WithoutTheNativeLibraryFailsBeforeTheRunDirectoryIsWritten(@TempDir Path tmp) {
        org.junit.jupiter.api.Assumptions.assumeFalse(org.tasl.nn.TaslNative.loaded(), "the native library runs bf16");
        RunConfig c = config("seqlora", tmp.resolve("run")).set("precision", "bf16");
        Exception e = assertThrows(IllegalStateException.class, () -> Tasl.experiment(bench(c), c).run());
        assertTrue(e.getMessage().startsWith("precision bf16 needs the project's native library"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("run")));
    }

    @Test
    void aFolderWithOtherFilesIsNotUsedAsARunDirectory(@TempDir Path tmp) throws IOException {
        Path sweep = Files.createDirectories(tmp.resolve("sweep"));
        Files.writeString(sweep.resolve("sweep.json"), "{}");
        RunConfig c = config("seqlora", sweep);
        Exception e = assertThrows(IllegalArgumentException.class, () -> Tasl.experiment(bench(c), c).run());
        assertTrue(e.getMessage().contains("is a folder with other files and not a run directory"), e.getMessage());
        try (java.util.stream.Stream<Path> files = Files.list(sweep)) {
            assertEquals(List.of(sweep.resolve("sweep.json")), files.toList(), "nothing written beside sweep.json");
        }
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        RunConfig e2 = config("seqlora", empty).set("train_per_task", 4).set("eval_per_task", 2)
                .set("tasks", SyntheticBenchmark.TASKS.get(0));
        Tasl.experiment(bench(e2), e2).run();
        assertTrue(RunDirectory.exists(empty), "an empty folder becomes the run directory");
    }

    @Test
    void unknownMethodNamesTheKnownOnes() {
        Exception e = assertThrows(IllegalArgumentException.class, () -> Tasl.config().set("method", "sgd").method());
        Exception e2 = assertThrows(IllegalArgumentException.class,
                () -> new Experiment(bench(config("seqlora", shared.resolve("x"))), Tasl.config().set("method", "sgd")));
        assertTrue(e2.getMessage().contains("taslora"), e2.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }
}
