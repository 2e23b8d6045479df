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
 * A 2 methods × 2 seeds grid run by the local executor, two processes at once, each cell a
 * separate JVM running RunMain: every cell completes, a cell equals the same run made in this
 * JVM, and summary.json holds each method's mean, sample sd and n over its cells.
 */
class LocalSweepTest {

    @Test
    void gridRunsInParallelProcessesAndIsSummarized(@TempDir Path tmp) throws Exception {
        Path backbone = TinyBertFolder.writeForBuiltinStream(tmp.resolve("tiny"));
        SweepGrid grid = SweepFixtures.grid(backbone, 2);
        Path dir = tmp.resolve("sweep");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int rc = Sweeps.start(dir, grid, SweepOptions.local(2), CellLauncher.currentJvm(), false, Duration.ofSeconds(1),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        String printed = log.toString(StandardCharsets.UTF_8);
        SweepDirectory sweep = SweepDirectory.open(dir);
        for (SweepCell c : sweep.cells()) {
            assertEquals("completed", sweep.record(c).get("state"), c.name() + ": " + printed
                    + (Files.exists(sweep.logFile(c)) ? Files.readString(sweep.logFile(c)) : ""));
            assertEquals(0, ((Number) sweep.record(c).get("exit_code")).intValue());
        }
        assertEquals(0, rc, printed);
        assertEquals(List.of("tasl_seed1", "tasl_seed2", "seqlora_seed1", "seqlora_seed2"),
                sweep.cells().stream().map(SweepCell::name).toList());

        // a cell is exactly the run its options describe
        SweepCell first = sweep.cells().get(0);
        RunConfig cfg = grid.config(first).set("out", tmp.resolve("direct").toString());
        RunResult direct = Tasl.experiment(Tasl.benchmark(cfg), cfg).run();
        RunResult cell = RunResult.load(sweep.runDir(first));
        for (int j = 0; j < direct.tasks().size(); j++) {
            assertArrayEquals(direct.accuracyMatrix()[j], cell.accuracyMatrix()[j], 1e-9, "row " + j);
        }

        Map<String, Object> summary = Json.readObject(dir.resolve(SweepSummary.JSON));
        for (String method : List.of("tasl", "seqlora")) {
            double a = RunResult.load(dir.resolve("runs/" + method + "_seed1")).ap();
            double b = RunResult.load(dir.resolve("runs/" + method + "_seed2")).ap();
            Map<?, ?> ap = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) summary.get("methods")).get(method)).get("ap");
            assertEquals((a + b) / 2, ((Number) ap.get("mean")).doubleValue(), 1e-9, method);
            assertEquals(Math.abs(a - b) / Math.sqrt(2), ((Number) ap.get("sd")).doubleValue(), 1e-9, method);
            assertEquals(2, ((Number) ap.get("n")).intValue());
        }
        assertEquals(4, ((List<?>) summary.get("cells")).size());
        assertTrue(Files.readString(dir.resolve(SweepSummary.CSV)).startsWith("order,method,ap_mean,ap_sd,ap_n,"));
        assertTrue(Files.readString(dir.resolve(SweepSummary.MD)).contains("| tasl | 2 |"));
    }
}
