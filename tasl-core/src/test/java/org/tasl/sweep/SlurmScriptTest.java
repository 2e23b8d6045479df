package org.tasl.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlurmScriptTest {

    @Test
    void oneCaseBranchPerCellEachResumingWithItsOwnLog(@TempDir Path tmp) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        axes.put("method", List.of("tasl", "seqlora"));
        SweepOptions o = new SweepOptions(SweepOptions.Executor.SLURM, 2, 1, List.of(), "gpu", "4:00:00", "gpu:1", "32G", 8,
                List.of("--account=lab", "#SBATCH --qos=high"));
        SweepDirectory s = SweepDirectory.create(tmp.resolve("sw"), SweepGrid.of(axes, Map.of("order", "4")), o);
        CellLauncher launcher = new CellLauncher(List.of("/opt/tasl/tasl", "run"), CellLauncher.Style.CLI);
        String script = SlurmExecutor.script(s, launcher, o, Path.of("/work"));
        Path logs = s.dir().resolve("logs").toAbsolutePath();
        assertTrue(script.startsWith("#!/bin/bash\n#SBATCH --job-name=tasl-sweep-sw\n#SBATCH --output=" + logs
                + "/slurm-%A_%a.out\n"), script);
        for (String line : List.of("#SBATCH --partition=gpu", "#SBATCH --time=4:00:00", "#SBATCH --gres=gpu:1",
                "#SBATCH --mem=32G", "#SBATCH --cpus-per-task=8", "#SBATCH --account=lab", "#SBATCH --qos=high",
                "#SBATCH --requeue", "cd /work")) {
            assertTrue(script.contains("\n" + line + "\n"), line + " in\n" + script);
        }
        Path run1 = s.dir().resolve("runs/seqlora").toAbsolutePath();
        assertTrue(script.contains("  1) # seqlora\n    exec /opt/tasl/tasl run --order 4 --method seqlora --out " + run1
                + " --resume >> " + logs.resolve("seqlora.log") + " 2>&1 ;;\n"), script);
        assertTrue(script.contains("  *) echo"), "an index without a cell fails loudly");
    }

    @Test
    void theQueueIsReadPerArrayTaskOfOurJobsOnly() {
        Map<String, String> m = new HashMap<>();
        Slurm.parseQueue("12_0|RUNNING\n12_3|PENDING\n13_1|RUNNING\n7|RUNNING\n", List.of("12"), m);
        assertEquals(Map.of("12_0", "RUNNING", "12_3", "PENDING"), m);
    }

    @Test
    void shellQuotingKeepsOddArgumentsOneWord() {
        assertEquals("a 'b c' 'it'\\''s' lr=3e-4", CellLauncher.shell(List.of("a", "b c", "it's", "lr=3e-4")));
    }
}
