package org.tasl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.run.RunDirectory;
import org.tasl.run.RunResults;
import org.tasl.sweep.SweepCell;
import org.tasl.sweep.SweepDirectory;
import org.tasl.util.Json;

/** ./tasl sweep's options reach the engine; compare and the dashboard take a sweep directory. */
class SweepCommandTest {
    @TempDir
    Path tmp;

    private static CliRun execute(String... args) {
        return CliRun.execute(args);
    }

    @Test
    void gridAxesAndRunOptionsBecomeOneCommandPerCell() {
        Path dir = tmp.resolve("sw");
        CliRun o = execute("sweep", "--methods", "tasl,olora", "--orders", "4,5", "--set", "lr=3e-4,5e-4", "--backbone",
                "bert-base-uncased", "--constant-lr", "--executor", "print", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().filter(l -> l.contains("RunMain") || l.contains(" run ")).toList();
        assertEquals(8, lines.size(), o.out());
        String last = lines.get(7);
        assertTrue(last.contains(" backbone=bert-base-uncased constant_lr=true method=olora order=5 lr=5e-4 out="
                + dir.resolve("runs/olora_order5_lr5e-4") + " resume=true >> "), last);
        Map<String, Object> sweep = Json.readObject(dir.resolve("sweep.json"));
        assertEquals(Map.of("method", List.of("tasl", "olora"), "order", List.of("4", "5"), "lr", List.of("3e-4", "5e-4")),
                ((Map<?, ?>) sweep.get("grid")).get("axes"));
        assertEquals("print", ((Map<?, ?>) sweep.get("executor")).get("name"));
    }

    @Test
    void anUnknownGridOptionIsAnErrorAndWritesNothing() {
        Path dir = tmp.resolve("sw");
        CliRun o = execute("sweep", "--set", "learning_rate=1e-3,2e-3", "--out", dir.toString(), "--executor", "print");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("unknown run option 'learning_rate' in the grid"), o.err());
        assertFalse(Files.exists(dir));
    }

    @Test
    void compareTakesASweepDirectory() {
        Path dir = tmp.resolve("sw");
        assertEquals(0, execute("sweep", "--methods", "tasl,seqlora", "--seeds", "1,2", "--order", "4", "--executor",
                "print", "--out", dir.toString()).code());
        SweepDirectory s = SweepDirectory.open(dir);
        double[][][] matrices = {{{90, 5}, {80, 70}}, {{90, 5}, {70, 60}}, {{88, 4}, {40, 75}}};
        for (int i = 0; i < 3; i++) {  // the last cell has not run
            SweepCell c = s.cells().get(i);
            RunDirectory rd = RunDirectory.create(s.runDir(c));
            rd.writeConfig(Map.of("tasks", List.of("dbpedia", "amazon")));
            rd.writeResults(RunResults.of(c.values().get("method"), "tiny", "long-sequence", 4, List.of("dbpedia", "amazon"),
                    matrices[i], new double[] {3, 2}, 10, "exact_match", "completed"));
        }
        CliRun o = execute("compare", dir.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("tasl_seed1") && o.out().contains("seqlora_seed1") && !o.out().contains("seqlora_seed2"),
                o.out());
        // tasl: AP 75 and 65 → 70.00 ± 7.07 over n = 2
        assertTrue(o.out().contains("| tasl | 2 | 70.00 ± 7.07 |"), o.out());
        assertTrue(o.out().contains("| seqlora | 1 | 57.50 |"), o.out());
        CliRun json = execute("compare", "--json", dir.toString());
        assertEquals(3, ((List<?>) Json.parse(json.out(), "compare --json")).size());
    }
}
