package org.tasl.strategy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tasl.api.Tasl;
import org.tasl.data.Benchmark;
import org.tasl.model.Backbones;
import org.tasl.model.LanguageModel;
import org.tasl.run.RunConfig;
import org.tasl.run.RunDirectory;
import org.tasl.run.RunDirectorySink;
import org.tasl.testing.FreedJavaMemory;
import org.tasl.testing.SyntheticBenchmark;
import org.tasl.testing.TinyBertFolder;

/**
 * A run is a function of its seed: on a tiny BERT (dropout 0, two micro-batches per step) a run
 * writes bitwise the same importance scores and trained tensors whether or not the JVM collects
 * garbage between each step's forward and backward pass. (It did not when a number the forward
 * pass multiplied by lived in a Java buffer: the collection freed it and backward read garbage.)
 * TaSL-LoRA brings the orthogonality regularizer, O-LoRA its own, EWC its penalty.
 */
class GarbageCollectionDeterminismTest {

    /** Collects garbage where the trainer asks for the extra loss: after the forward pass, before backward. */
    private static final class CollectBeforeBackward implements TrainingPlugin {
        @Override
        public NDArray extraLoss(TaskContext ctx, NDManager scope) {
            FreedJavaMemory.release();
            return null;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"taslora", "olora", "ewc"})
    void runDoesNotDependOnWhenTheJvmCollects(String method, @TempDir Path tmp) throws IOException {
        Path backbone = TinyBertFolder.write(tmp.resolve("tiny-bert"));
        Path data = SyntheticBenchmark.write(tmp.resolve("data"), 8, 2);
        Path plain = run(method, backbone, data, tmp.resolve("plain"), false);
        Path collected = run(method, backbone, data, tmp.resolve("collected"), true);
        List<Path> files = new ArrayList<>();
        try (var walk = Files.walk(plain.resolve(RunDirectory.TASKS))) {
            walk.filter(f -> f.getFileName().toString().equals(RunDirectory.UNITS)
                    || f.getFileName().toString().endsWith(".safetensors")).forEach(files::add);
        }
        assertTrue(files.stream().filter(f -> f.getFileName().toString().equals(RunDirectory.THETA)).count() == 2,
                method + ": theta.safetensors of two tasks among " + files);
        for (Path f : files) {
            Path twin = collected.resolve(plain.relativize(f));
            assertTrue(Files.isRegularFile(twin), twin + " is missing");
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(twin), method + ": " + plain.relativize(f));
        }
    }

    private static Path run(String method, Path backbone, Path data, Path out, boolean collect) throws IOException {
        RunConfig c = Tasl.config().set("method", method).set("backbone", backbone.toString())
                .set("benchmark", SyntheticBenchmark.NAME).set("tasks", "color,animal")
                .set("data_dir", data.toString()).set("train_per_task", 8).set("eval_per_task", 2)
                .set("batch_size", 2).set("grad_accum", 2).set("lr", 1e-2).set("warmup_steps", 1).set("seed", 3)
                .set("device", "cpu").set("lora_dropout", 0.0).set("max_input_tokens", 32)
                .set("granularity", "rank").set("out", out.toString());
        Benchmark bench = Tasl.benchmark(c);
        List<TrainingPlugin> plugins = new ArrayList<>(Plugins.forMethod(c, null));
        if (collect) {
            plugins.add(new CollectBeforeBackward());
        }
        try (LanguageModel model = Backbones.load(backbone.toString(), Device.cpu())) {
            model.setMaxInputTokens(32);
            new ContinualLearner(c, model, bench.tasks(), new RunDirectorySink(RunDirectory.create(out)),
                    new RunEvents("determinism", e -> { }), plugins).run(0);
        }
        return out;
    }
}
