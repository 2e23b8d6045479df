package org.tasl.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import org.tasl.run.RunResult;
import org.tasl.testing.TinyBertFolder;
import org.tasl.util.Json;

/**
 * The proof against a real Slurm (the project's single-node cluster): a 2 methods × 2
 * seeds grid runs as one job array; one array task is cancelled (scancel) in the middle of its
 * run, --resume submits only that cell and completes it, and every cell then equals the same
 * cell of the grid run by the local executor, two processes at once — the cancelled one included.
 * Skips, saying why, when the cluster cannot start (not root and Slurm not installed, no apt).
 */
class SlurmSweepTest {
    private static final Duration POLL = Duration.ofMillis(500);

    @Test
    void cancelledArrayTaskResumesToTheUninterruptedResult(@TempDir Path tmp) throws Exception {
        String why = LocalSlurmCluster.ensure();
        assumeTrue(why == null, () -> "skipped: " + why);
        Path backbone = TinyBertFolder.writeForBuiltinStream(tmp.resolve("tiny"));
        SweepGrid grid = SweepFixtures.grid(backbone, 12);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        SweepOptions slurm = new SweepOptions(SweepOptions.Executor.SLURM, 0, 1, List.of(), null, null, null, null, 1,
                List.of());
        Path dir = tmp.resolve("slurm-sweep");
        assertEquals(0, Sweeps.start(dir, grid, slurm, CellLauncher.currentJvm(), false, POLL, out));
        SweepDirectory sweep = SweepDirectory.open(dir);
        assertEquals(1, sweep.jobIds().size(), "one job array for the grid: " + log);
        String job = sweep.jobIds().get(0);

        // cancel the first cell once it completed its first task, i.e. in the middle of the run
        SweepCell victim = sweep.cells().get(0);
        Path events = sweep.runDir(victim).resolve("events.jsonl");
        long deadline = System.currentTimeMillis() + 300_000;
        while (System.currentTimeMillis() < deadline && !(Files.exists(events)
                && Files.readString(events).contains("\"type\":\"task_completed\""))) {
            Thread.sleep(20);
        }
        Process cancel = new ProcessBuilder("scancel", job + "_" + victim.index()).inheritIO().start();
        assertEquals(0, cancel.waitFor());
        Sweeps.waitForScheduler(sweep, POLL, out);
        Map<SweepCell, CellStatus> after = Sweeps.status(sweep);
        CellStatus cancelled = after.get(victim);
        assertEquals(CellStatus.State.PARTIAL, cancelled.state(), "the cancelled cell stopped mid-run: " + log);
        assertTrue(cancelled.tasksDone() >= 1 && cancelled.tasksDone() < 3, cancelled.describe());
        for (SweepCell c : sweep.cells().subList(1, 4)) {
            assertEquals(CellStatus.State.COMPLETED, after.get(c).state(), c.name() + ": "
                    + Files.readString(sweep.logFile(c)));
        }

        assertEquals(0, Sweeps.resume(dir, null, null, CellLauncher.currentJvm(), true, POLL, out), log.toString());
        sweep = SweepDirectory.open(dir);
        assertEquals(2, sweep.jobIds().size(), "--resume submitted a second array");
        assertNotEquals(job, sweep.jobIds().get(1));
        List<?> resubmitted = (List<?>) ((Map<?, ?>) ((List<?>) Json.readObject(dir.resolve("sweep.json")).get("jobs"))
                .get(1)).get("cells");
        assertEquals(List.of(victim.index()), resubmitted.stream().map(o -> ((Number) o).intValue()).toList(),
                "only the unfinished cell runs again");

        Path local = tmp.resolve("local-sweep");
        assertEquals(0, Sweeps.start(local, grid, SweepOptions.local(2), CellLauncher.currentJvm(), false, POLL, out));
        for (SweepCell c : sweep.cells()) {
            RunResult s = RunResult.load(sweep.runDir(c));
            RunResult l = RunResult.load(local.resolve("runs").resolve(c.name()));
            assertEquals("completed", s.status());
            for (int j = 0; j < s.tasks().size(); j++) {
                assertArrayEquals(l.accuracyMatrix()[j], s.accuracyMatrix()[j], 1e-9, c.name() + " row " + j);
            }
            assertEquals(l.ap(), s.ap(), 1e-9);
            assertEquals(l.bwt(), s.bwt(), 1e-9);
            assertEquals(l.fwt(), s.fwt(), 1e-9);
        }
        Map<String, Object> summary = Json.readObject(dir.resolve(SweepSummary.JSON));
        for (String method : List.of("tasl", "seqlora")) {
            Map<?, ?> ap = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) summary.get("methods")).get(method)).get("ap");
            assertTrue(ap.get("mean") instanceof Number && ap.get("sd") instanceof Number, method + ": " + ap);
            assertEquals(2, ((Number) ap.get("n")).intValue());
        }
        String keep = System.getProperty("tasl.test.keepSweep");
        if (keep != null) {
            copyTree(tmp, Path.of(keep));
        }
        System.out.println(log);
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
