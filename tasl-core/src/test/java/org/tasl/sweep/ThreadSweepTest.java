package org.tasl.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.api.Tasl;
import org.tasl.run.RunConfig;
import org.tasl.run.RunResult;
import org.tasl.testing.TinyBertFolder;
import org.tasl.util.Json;

/**
 * The threads executor: the 2 methods × 2 seeds grid, two runs at once in this JVM. Every cell
 * completes with its progress in its own log, and each equals the same run made alone — two
 * trainings at once in one JVM neither fail (DJL's own gradient collector allows one at a time)
 * nor disturb each other's gradients. The tiny backbone has no dropout, so equality is exact.
 */
class ThreadSweepTest {

    @Test
    void cellsRunInThreadsAndEqualTheSameRunsMadeAlone(@TempDir Path tmp) throws Exception {
        Path backbone = TinyBertFolder.writeForBuiltinStream(tmp.resolve("tiny"));
        // no dropout anywhere: PyTorch's random generator is shared by the threads
        Path config = backbone.resolve("config.json");
        Map<String, Object> bert = new LinkedHashMap<>(Json.readObject(config));
        bert.put("hidden_dropout_prob", 0.0);
        bert.put("attention_probs_dropout_prob", 0.0);
        Files.writeString(config, Json.compact(bert));
        SweepGrid base = SweepFixtures.grid(backbone, 2);
        Map<String, String> fixed = new LinkedHashMap<>(base.fixed());
        fixed.put("lora_dropout", "0");
        SweepGrid grid = SweepGrid.of(base.axes(), fixed);
        Path dir = tmp.resolve("sweep");
        SweepOptions threads = new SweepOptions(SweepOptions.Executor.THREADS, 2, 1, List.of("none"), null, null, null,
                null, 0, List.of());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = Sweeps.start(dir, grid, threads, CellLauncher.currentJvm(), false, Duration.ofSeconds(1),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        String printed = log.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("2 at a time in threads of this JVM"), printed);
        SweepDirectory sweep = SweepDirectory.open(dir);
        for (SweepCell c : sweep.cells()) {
            String cellLog = Files.exists(sweep.logFile(c)) ? Files.readString(sweep.logFile(c)) : "";
            assertEquals("completed", sweep.record(c).get("state"), c.name() + ": " + printed + cellLog);
            assertEquals(0, ((Number) sweep.record(c).get("exit_code")).intValue());
            assertEquals(ProcessHandle.current().pid(), ((Number) sweep.record(c).get("pid")).longValue());
            assertTrue(cellLog.contains("\"type\":\"result\""), cellLog);
            assertTrue(cellLog.contains("\"run\":\"" + sweep.runDir(c).getFileName()) || cellLog.contains("task_started"),
                    cellLog);
        }
        assertEquals(0, rc, printed);

        for (SweepCell c : sweep.cells()) {
            RunConfig cfg = grid.config(c).set("out", tmp.resolve("alone-" + c.name()).toString());
            RunResult alone = Tasl.experiment(Tasl.benchmark(cfg), cfg).run();
            RunResult cell = RunResult.load(sweep.runDir(c));
            for (int j = 0; j < alone.tasks().size(); j++) {
                assertArrayEquals(alone.accuracyMatrix()[j], cell.accuracyMatrix()[j], 0.0, c.name() + " row " + j);
            }
        }
    }
}
