package org.tasl.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.api.Tasl;
import org.tasl.cl.UnitRecord;
import org.tasl.testing.SyntheticBenchmark;
import org.tasl.testing.TinyBertFolder;

/**
 * The consolidation control end to end: TaSL with {@code importance_permuted=true} (as RunMain
 * takes it on the GPU) records the option in config.json and consolidates with the very scores
 * of the real run, dealt to other units.
 */
class ImportancePermutedRunTest {

    @Test
    void permutedRunUsesTheRealScoresOnOtherUnitsAndRecordsIt(@TempDir Path tmp) throws IOException {
        Path backbone = TinyBertFolder.write(tmp.resolve("tiny-bert"));
        Path data = SyntheticBenchmark.write(tmp.resolve("data"), 12, 4);
        RunConfig real = config(backbone, data, tmp.resolve("real"));
        RunConfig permuted = config(backbone, data, tmp.resolve("permuted"));
        RunMain.parseArgs(new String[] {"importance_permuted=true"}, permuted);

        RunResult a = Tasl.experiment(Tasl.benchmark(real), real).run();
        RunResult b = Tasl.experiment(Tasl.benchmark(permuted), permuted).run();

        assertEquals(false, a.config().get("importance_permuted"));
        assertEquals(true, b.config().get("importance_permuted"), "config.json records the control");
        for (int task = 0; task < 2; task++) {
            List<Double> ra = new ArrayList<>();
            List<Double> rb = new ArrayList<>();
            List<String> ua = new ArrayList<>();
            List<String> ub = new ArrayList<>();
            for (UnitRecord u : a.importance(task)) {
                ra.add(u.importance());
                ua.add(u.unit());
            }
            for (UnitRecord u : b.importance(task)) {
                rb.add(u.importance());
                ub.add(u.unit());
            }
            assertEquals(ua, ub, "the same units");
            if (task == 0) {
                // Task 0 trains identically in both runs (the shuffle acts after training).
                assertNotEquals(ra, rb, "scores moved to other units");
                List<Double> sa = new ArrayList<>(ra);
                List<Double> sb = new ArrayList<>(rb);
                sa.sort(null);
                sb.sort(null);
                assertEquals(sa, sb, "the same scores");
            }
        }
        // The decisions of task 1 follow the shuffled scores, so they differ from the real run's.
        Map<String, String> ca = new java.util.HashMap<>();
        a.consolidation(1).forEach(u -> ca.put(u.unit(), u.category()));
        Map<String, String> cb = new java.util.HashMap<>();
        b.consolidation(1).forEach(u -> cb.put(u.unit(), u.category()));
        assertNotEquals(ca, cb);
    }

    private static RunConfig config(Path backbone, Path data, Path out) {
        return Tasl.config().set("method", "tasl").set("backbone", backbone.toString())
                .set("benchmark", SyntheticBenchmark.NAME).set("tasks", "color,animal").set("data_dir", data.toString())
                .set("train_per_task", 12).set("eval_per_task", 4).set("batch_size", 4).set("lr", 1e-2)
                .set("warmup_steps", 1).set("seed", 3).set("device", "cpu").set("max_input_tokens", 48)
                .set("granularity", "rank").set("out", out.toString());
    }
}
