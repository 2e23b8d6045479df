package org.tasl.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SweepMain's key=value arguments, the print executor, and bad input that must write nothing. */
class SweepMainTest {
    private static final CellLauncher MAIN = new CellLauncher(List.of("run.sh", "org.tasl.run.RunMain"), CellLauncher.Style.MAIN);

    private static String run(List<String> args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        assertEquals(0, SweepMain.execute(args, MAIN, new PrintStream(b, true, StandardCharsets.UTF_8)));
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void argumentsBecomeAxesFixedOptionsAndExecutorSettings() {
        SweepMain.Request r = SweepMain.parse(List.of("out=x", "methods=tasl,olora", "orders=4,5,6", "seeds=1",
                "set=lr=3e-4,5e-4", "set=tasks=a,b;b,a", "backbone=bert-base-uncased", "executor=slurm", "gres=gpu:1",
                "sbatch=--account=lab", "sbatch=--qos=high", "wait=true"));
        assertEquals(Map.of("method", List.of("tasl", "olora"), "order", List.of("4", "5", "6"), "seed", List.of("1"),
                "lr", List.of("3e-4", "5e-4"), "tasks", List.of("a,b", "b,a")), r.axes());
        assertEquals(Map.of("backbone", "bert-base-uncased"), r.fixed());
        assertEquals(SweepOptions.Executor.SLURM, r.options().executor());
        assertEquals(List.of("--account=lab", "--qos=high"), r.options().sbatchLines());
        assertTrue(r.waitForScheduler());
        assertEquals(null, SweepMain.parse(List.of("out=x", "methods=tasl")).options(), "no executor setting given");
    }

    @Test
    void printGivesOneResumingCommandPerCellAndStatusReadsTheRuns(@TempDir Path tmp) {
        Path dir = tmp.resolve("sw");
        String out = run(List.of("out=" + dir, "methods=tasl,seqlora", "seeds=1,2", "benchmark=builtin", "executor=print"));
        List<String> lines = out.lines().filter(l -> l.startsWith("run.sh")).toList();
        assertEquals(4, lines.size(), out);
        assertEquals("run.sh org.tasl.run.RunMain benchmark=builtin method=seqlora seed=2 out=" + dir.resolve("runs/seqlora_seed2")
                + " resume=true >> " + dir.resolve("logs/seqlora_seed2.log") + " 2>&1", lines.get(3));
        String status = run(List.of("status=" + dir));
        assertTrue(status.contains("seqlora_seed2") && status.contains("4 pending"), status);
        // resuming with the recorded grid prints the same unfinished cells again
        assertEquals(lines, run(List.of("resume=" + dir)).lines().filter(l -> l.startsWith("run.sh")).toList());
    }

    @Test
    void badInputIsAClearErrorAndWritesNothing(@TempDir Path tmp) throws Exception {
        Path fresh = tmp.resolve("fresh");
        for (List<String> args : List.of(List.of("out=" + fresh, "set=learning_rate=1,2"), List.of("out=" + fresh, "seeds="),
                List.of("out=" + fresh, "methods=tasl", "executor=pbs"), List.of("out=" + fresh, "lr"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run(args), args.toString());
            assertFalse(e.getMessage().isBlank());
            assertFalse(Files.exists(fresh), args + " wrote " + fresh);
        }

        Path dir = tmp.resolve("sw");
        run(List.of("out=" + dir, "methods=tasl,seqlora", "seeds=1,2", "executor=print"));
        byte[] before = Files.readAllBytes(dir.resolve("sweep.json"));
        String other = assertThrows(IllegalArgumentException.class,
                () -> run(List.of("resume=" + dir, "methods=tasl,seqlora", "seeds=1,2,3", "executor=print"))).getMessage();
        assertTrue(other.contains("holds another grid") && other.contains("axis seed [1, 2] vs [1, 2, 3]"), other);
        String again = assertThrows(IllegalArgumentException.class,
                () -> run(List.of("out=" + dir, "methods=tasl", "executor=print"))).getMessage();
        assertTrue(again.contains("already holds a sweep"), again);
        assertEquals(new String(before, StandardCharsets.UTF_8),
                new String(Files.readAllBytes(dir.resolve("sweep.json")), StandardCharsets.UTF_8), "sweep.json untouched");
        String notSweep = assertThrows(IllegalArgumentException.class, () -> run(List.of("resume=" + tmp))).getMessage();
        assertTrue(notSweep.contains("not a sweep directory"), notSweep);
    }
}
