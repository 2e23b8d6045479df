package org.tasl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.testing.FolderListing;
import org.tasl.testing.SyntheticBenchmark;
import org.tasl.testing.TinyBertFolder;
import org.tasl.util.Json;

/**
 * A `./tasl run` that fails once its directory exists (here: the backbone folder lost its
 * weights file), as the user meets it: the error says the directory records the failure and how
 * to continue; `--out` without --resume refuses the directory naming its status and both ways
 * forward; --resume with another option names it with both values; once the cause is fixed,
 * --resume with the same options completes the run. Every refusal writes nothing.
 */
class FailedRunCommandTest {

    private static String[] args(Path backbone, Path data, Path out, String lr, String... more) {
        List<String> a = new ArrayList<>(List.of("run", "--method", "seqlora", "--backbone", backbone.toString(),
                "--benchmark", SyntheticBenchmark.NAME, "--tasks", String.join(",", SyntheticBenchmark.TASKS),
                "--data-dir", data.toString(), "--train-per-task", "8", "--eval-per-task", "4", "--batch-size", "4",
                "--lr", lr, "--warmup-steps", "1", "--seed", "5", "--device", "cpu", "--max-input-tokens", "48",
                "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void aFailedRunIsRecordedRefusedWithoutResumeAndContinuedWithIt(@TempDir Path tmp) throws Exception {
        Path tiny = TinyBertFolder.write(tmp.resolve("tiny"));
        Path data = SyntheticBenchmark.write(tmp.resolve("data"), 16, 8);
        Path weights = tiny.resolve("model.safetensors");
        Path aside = Files.move(weights, tmp.resolve("model.safetensors.aside"));
        Path out = tmp.resolve("runs/x");

        CliRun failed = CliRun.execute(args(tiny, data, out, "0.01"));
        assertEquals(2, failed.code(), failed.err());
        Map<String, Object> results = Json.readObject(out.resolve("results.json"));
        assertEquals("failed", results.get("status"));
        String error = (String) results.get("error");
        assertTrue(error != null && !error.isBlank(), results.toString());
        assertEquals(0, ((Number) results.get("tasks_completed")).intValue());
        String state = "a failed run (error: " + error + "; 0 of 3 tasks completed)";
        assertTrue(failed.err().endsWith("\n" + out + " records the failure in results.json (status failed, 0 of 3 tasks"
                + " completed) and keeps every file written so far; once the cause is fixed, --resume --out " + out
                + " with the same options (its config.json records them) goes on from its first task\n"),
                failed.err());

        List<String> before = FolderListing.of(tmp);
        CliRun again = CliRun.execute(args(tiny, data, out, "0.01"));
        assertEquals(2, again.code());
        assertEquals("error: run directory " + out + " already holds " + state + "; nothing was written. Either continue"
                + " it: --resume --out " + out + " with the same options as before (its config.json records them; it"
                + " goes on from its first task); or start a new run: another --out, or remove " + out + " first.\n",
                again.err());
        assertEquals(before, FolderListing.of(tmp), "nothing written");

        CliRun otherLr = CliRun.execute(args(tiny, data, out, "0.02", "--resume"));
        assertEquals(2, otherLr.code());
        assertTrue(otherLr.err().startsWith("error: " + out + " was made with another config; --resume needs the same"
                + " settings. Differing keys: [lr]\n  lr: 0.01 in the run directory, 0.02 now\n"), otherLr.err());
        assertEquals(before, FolderListing.of(tmp), "nothing written");

        Files.move(aside, weights);
        CliRun resumed = CliRun.execute(args(tiny, data, out, "0.01", "--resume"));
        assertEquals(0, resumed.code(), resumed.err());
        results = Json.readObject(out.resolve("results.json"));
        assertEquals("completed", results.get("status"));
        assertEquals(3, ((Number) results.get("tasks_completed")).intValue());
    }
}
