package org.tasl.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.api.Tasl;
import org.tasl.cl.ImportanceMetrics;
import org.tasl.event.RunEvent;
import org.tasl.strategy.TaskRecord;
import org.tasl.testing.FolderListing;
import org.tasl.testing.SyntheticBenchmark;
import org.tasl.testing.TinyBertFolder;
import org.tasl.util.Json;

/**
 * A run that fails after it started: its directory records the failure and keeps every file;
 * {@code --out} without --resume refuses a failed or unfinished run, saying what it holds and the
 * two ways forward; --resume with another config names every differing key; --resume with the
 * same config continues.
 */
class FailedRunTest {
    static final String BOOM = "importance blew up in task 2";
    static final List<String> TASKS = SyntheticBenchmark.TASKS;

    /** A tasl run into {@code out} on a tiny BERT and the synthetic stream, written under {@code tmp} when absent. */
    static RunConfig config(Path tmp, Path out) {
        Path tiny = tmp.resolve("tiny-bert");
        Path data = tmp.resolve("data");
        try {
            if (!Files.exists(tiny)) {
                TinyBertFolder.write(tiny);
                SyntheticBenchmark.write(data, 16, 8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Tasl.config().set("method", "tasl").set("backbone", tiny.toString())
                .set("benchmark", SyntheticBenchmark.NAME).set("tasks", String.join(",", TASKS))
                .set("data_dir", data.toString()).set("train_per_task", 8).set("eval_per_task", 4)
                .set("batch_size", 4).set("lr", 1e-2).set("warmup_steps", 1).set("seed", 3).set("device", "cpu")
                .set("max_input_tokens", 48).set("out", out.toString());
    }

    /** A run started in {@code out} without --resume: refused, writing nothing under {@code tmp}; its message. */
    static String refusedWithoutResume(Path tmp, Path out) {
        RunConfig c = config(tmp, out);
        List<String> before = FolderListing.of(tmp);
        Exception e = assertThrows(IllegalArgumentException.class, () -> Tasl.experiment(Tasl.benchmark(c), c).run());
        assertEquals(before, FolderListing.of(tmp), "nothing written");
        return e.getMessage();
    }

    /** A hand-made run directory: config.json listing {@code tasks}, the first of them completed. */
    static RunDirectory firstTaskCompleted(Path out, List<String> tasks) {
        RunDirectory dir = RunDirectory.create(out);
        dir.writeConfig(Map.of("method", "tasl", "tasks", tasks));
        double[] row = new double[tasks.size()];
        java.util.Arrays.fill(row, Double.NaN);
        row[0] = 50;
        dir.writeTaskRecord(new TaskRecord(0, tasks.get(0), row, 1, 2, 0));
        return dir;
    }

    /** A tasl run whose importance metric throws once the second task trains. */
    static IllegalStateException failInTaskTwo(Path tmp, Path out) {
        RunConfig c = config(tmp, out);
        Experiment exp = Tasl.experiment(Tasl.benchmark(c), c);
        AtomicBoolean secondTask = new AtomicBoolean();
        exp.addListener(e -> {
            if (e.type() == RunEvent.Type.TASK_STARTED && ((Number) e.get("task")).intValue() == 1) {
                secondTask.set(true);
            }
        });
        exp.setImportanceMetric((w, g) -> {
            if (secondTask.get()) {
                throw new IllegalStateException(BOOM);
            }
            return ImportanceMetrics.FIRST_ORDER.score(w, g);
        });
        return assertThrows(IllegalStateException.class, exp::run);
    }

    @Test
    void aRunThatFailsInTaskTwoRecordsTheFailureAndKeepsTaskOne(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        IllegalStateException thrown = failInTaskTwo(tmp, out);
        assertEquals(BOOM, thrown.getMessage(), "the caller gets the run's own exception");

        Map<String, Object> results = Json.readObject(out.resolve("results.json"));
        assertEquals("failed", results.get("status"));
        assertEquals("IllegalStateException: " + BOOM, results.get("error"));
        assertEquals(1, ((Number) results.get("tasks_completed")).intValue());
        assertEquals(TASKS.get(0), results.get("last_completed_task"));
        List<?> matrix = (List<?>) results.get("accuracy_matrix");
        assertTrue(((List<?>) matrix.get(0)).get(0) instanceof Number, "task 1's row is kept: " + matrix);
        assertNull(((List<?>) matrix.get(1)).get(0), "task 2 never completed: " + matrix);

        RunDirectory dir = RunDirectory.open(out);
        Path task1 = dir.findTaskDir(0);
        for (String f : List.of("task.json", "units.csv", "theta.safetensors", "theta_hat.safetensors")) {
            assertTrue(Files.isRegularFile(task1.resolve(f)), "task 1 keeps " + f);
        }
        assertEquals(List.of(TASKS.get(0)), dir.completedTasks().stream().map(TaskRecord::name).toList());
        RunEvent last = dir.readEvents().get(dir.readEvents().size() - 1);
        assertEquals(RunEvent.Type.RUN_FINISHED, last.type());
        assertEquals("failed", last.get("status"));
        assertEquals("IllegalStateException: " + BOOM, last.get("error"));

        assertEquals(new RunState("failed", 1, 3, TASKS.get(0), "IllegalStateException: " + BOOM), dir.state());
    }

    @Test
    void outWithoutResumeRefusesAFailedRunNamingItsStatusAndTheWaysForward(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        failInTaskTwo(tmp, out);
        assertEquals("run directory " + out + " already holds a failed run (error: IllegalStateException: " + BOOM
                + "; 1 of 3 tasks completed, the last 'color'); nothing was written. Either continue it: --resume --out "
                + out + " with the same options as before (its config.json records them; it goes on after task"
                + " 'color'); or start a new run: another --out, or remove " + out + " first.",
                refusedWithoutResume(tmp, out));
    }

    @Test
    void outWithoutResumeRefusesAKilledRun(@TempDir Path tmp) {
        // what a SIGKILL in task 2 leaves: config.json, events, task 1 complete, no results.json
        Path out = tmp.resolve("killed");
        RunDirectory dir = firstTaskCompleted(out, TASKS);
        try (EventLog log = dir.eventLog()) {
            log.onEvent(new RunEvent(RunEvent.Type.TASK_STARTED, "killed", 1, Map.of("task", 1)));
        }
        assertEquals("run directory " + out + " already holds an unfinished run (no results.json: it was killed, or is"
                + " still running in another process; 1 of 3 tasks completed, the last 'color'); nothing was written."
                + " Either continue it: --resume --out " + out + " with the same options as before (its config.json"
                + " records them; it goes on after task 'color'); or start a new run: another --out, or remove " + out
                + " first.",
                refusedWithoutResume(tmp, out));
    }

    @Test
    void outWithoutResumeOnACompletedRunPointsToANewOut(@TempDir Path tmp) {
        Path out = tmp.resolve("done");
        firstTaskCompleted(out, List.of("color")).writeResults(RunResults.of("tasl", "tiny", SyntheticBenchmark.NAME,
                null, List.of("color"), new double[][] {{50}}, null, 1, "exact_match", "completed"));
        assertEquals("run directory " + out + " already holds a completed run (1 of 1 tasks completed); nothing was"
                + " written. For a new run choose another --out, or remove " + out + " first (--resume with the same"
                + " options would only write its results again).", refusedWithoutResume(tmp, out));
    }

    @Test
    void resumeWithAnotherConfigNamesEveryDifferingKeyWithBothValues(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        failInTaskTwo(tmp, out);
        List<String> before = FolderListing.of(tmp);

        RunConfig other = config(tmp, out).set("lr", 5e-3).set("batch_size", 2);
        RunConfigMismatchException e = assertThrows(RunConfigMismatchException.class,
                () -> Tasl.experiment(Tasl.benchmark(other), other).setResume(true).run());
        assertEquals(List.of("batch_size", "lr"), e.differingKeys());
        assertTrue(e.getMessage().startsWith(out + " was made with another config; --resume needs the same settings."
                + " Differing keys: [batch_size, lr]"), e.getMessage());
        assertTrue(e.getMessage().contains("\n  lr: 0.01 in the run directory, 0.005 now"), e.getMessage());
        assertTrue(e.getMessage().contains("\n  batch_size: 4 in the run directory, 2 now"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(use the original options to resume, or a new --out for a new run)"),
                e.getMessage());
        assertEquals(before, FolderListing.of(tmp), "nothing written");
    }

    @Test
    void resumeWithTheSameConfigContinuesAfterTheLastCompletedTask(@TempDir Path tmp) {
        Path out = tmp.resolve("run");
        failInTaskTwo(tmp, out);
        RunConfig c = config(tmp, out);
        Experiment again = Tasl.experiment(Tasl.benchmark(c), c).setResume(true);
        AtomicBoolean staleOutcome = new AtomicBoolean(true);
        again.addListener(e -> {
            if (e.type() == RunEvent.Type.RUN_STARTED) {
                staleOutcome.set(Files.exists(out.resolve("results.json")));
            }
        });
        RunResult r = again.run();
        assertFalse(staleOutcome.get(), "while the resumed run runs, the failed attempt's results.json is gone");
        assertEquals("completed", r.status());
        assertEquals(3, r.results().tasksCompleted());
        assertEquals(TASKS.get(2), r.results().lastCompletedTask());
        assertNull(r.results().error());
        assertFalse(Json.readObject(out.resolve("results.json")).containsKey("error"));
        assertNull(RunDirectory.open(out).state().error());
    }
}
