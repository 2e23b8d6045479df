package org.tasl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.run.RunResult;
import org.tasl.testing.SyntheticBenchmark;
import org.tasl.testing.TinyBertFolder;

/**
 * The contract of --resume, tested the hard way: a run in another JVM is killed (SIGKILL, no
 * shutdown hook) in the middle of its second task (20 epochs make each task long enough to hit
 * on a fast machine), resumed, and must end with the same
 * results.json numbers as a run that was never interrupted.
 */
class KilledRunResumesTest {
    private static final java.util.regex.Pattern SECOND_TASK = java.util.regex.Pattern.compile("\"task\":1[,}]");

    static List<String> args(Path backbone, Path data, Path out) {
        return List.of("run", "--method", "tasl", "--backbone", backbone.toString(), "--benchmark",
                SyntheticBenchmark.NAME, "--tasks", String.join(",", SyntheticBenchmark.TASKS), "--data-dir",
                data.toString(), "--train-per-task", "24", "--eval-per-task", "8", "--batch-size", "4", "--lr", "0.01",
                "--warmup-steps", "1", "--seed", "5", "--epochs", "20", "--device", "cpu", "--max-input-tokens", "48", "--out",
                out.toString());
    }

    @Test
    void killedThenResumedEqualsUninterrupted(@TempDir Path tmp) throws Exception {
        Path backbone = TinyBertFolder.write(tmp.resolve("tiny"));
        Path data = SyntheticBenchmark.write(tmp.resolve("data"), 24, 8);

        assertEquals(0, Main.execute(args(backbone, data, tmp.resolve("whole")).toArray(String[]::new)));
        RunResult whole = RunResult.load(tmp.resolve("whole"));

        Path out = tmp.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args(backbone, data, out));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        Path events = out.resolve("events.jsonl");
        long deadline = System.currentTimeMillis() + 300_000;
        boolean inSecondTask = false;
        while (!inSecondTask && p.isAlive() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            if (Files.exists(events)) {
                inSecondTask = Files.readAllLines(events).stream()
                        .anyMatch(l -> l.contains("\"type\":\"step\"") && SECOND_TASK.matcher(l).find());
            }
        }
        assertTrue(inSecondTask, "the child run reached task 2: " + Files.readString(tmp.resolve("child.log")));
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(!Files.exists(out.resolve("results.json"))
                || !Files.readString(out.resolve("results.json")).contains("\"completed\""), "killed before the end");

        List<String> resume = new ArrayList<>(args(backbone, data, out));
        resume.add("--resume");
        assertEquals(0, Main.execute(resume.toArray(String[]::new)));
        RunResult resumed = RunResult.load(out);
        assertEquals("completed", resumed.status());
        for (int j = 0; j < whole.tasks().size(); j++) {
            assertArrayEquals(whole.accuracyMatrix()[j], resumed.accuracyMatrix()[j], 1e-9, "row " + j);
        }
        assertEquals(whole.ap(), resumed.ap(), 1e-9);
        assertEquals(whole.bwt(), resumed.bwt(), 1e-9);
        assertEquals(whole.fwt(), resumed.fwt(), 1e-9);
    }
}
