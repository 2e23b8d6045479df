package org.tasl.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.cl.UnitRecord;
import org.tasl.eval.AccuracyMatrix;
import org.tasl.event.RunEvent;
import org.tasl.run.EventLog;
import org.tasl.run.RunDirectory;
import org.tasl.run.RunResults;

class ReportWriterTest {
    @TempDir
    Path tmp;

    private Path run(String name, String method, double[][] a, boolean withUnits) {
        RunDirectory rd = RunDirectory.create(tmp.resolve(name));
        rd.writeConfig(Map.of("method", method));
        List<String> tasks = List.of("dbpedia", "amazon");
        rd.writeResults(RunResults.of(method, "bert-tiny", "long-sequence", 4, tasks, a, new double[] {10, 20}, 61.5,
                "exact_match", "completed"));
        rd.writeAccuracyMatrix(AccuracyMatrix.of(tasks, a));
        if (withUnits) {
            List<UnitRecord> units = new ArrayList<>();
            for (int layer = 0; layer < 2; layer++) {
                for (int r = 0; r < 3; r++) {
                    units.add(new UnitRecord("l" + layer + ".q#rank" + r, layer, "attention.self.query", "rank", r,
                            layer + r, 0.5, "adaptive", 0.4));
                }
            }
            rd.writeUnits(1, "amazon", units);
            try (EventLog log = rd.eventLog()) {
                for (int s = 1; s <= 5; s++) {
                    log.onEvent(new RunEvent(RunEvent.Type.STEP, name, s,
                            Map.of("task", 0, "task_name", "dbpedia", "step", s, "steps", 5, "loss", 2.0 / s)));
                }
            }
        }
        return rd.dir();
    }

    private static BufferedImage image(Path png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(png)));
    }

    @Test
    void reportHoldsTheTableAndEveryPlot() throws IOException {
        Path a = run("tasl-run", "tasl", new double[][] {{90, 5}, {80, 70}}, true);
        Path b = run("seqlora-run", "seqlora", new double[][] {{88, 4}, {40, 75}}, false);
        Path out = tmp.resolve("report");
        Path report = ReportWriter.write(List.of(a, b), out, "Demo");
        String md = Files.readString(report);
        assertTrue(md.startsWith("# Demo\n"), md);
        assertTrue(md.contains("| tasl-run | tasl | bert-tiny | long-sequence | 2 (dbpedia→amazon) | 75.00 | -10.00 | "
                + "-15.00 | 5.00 | 61.50 |"), md);
        assertTrue(md.contains("| seqlora-run | seqlora |"), md);
        for (String png : List.of("tasl-run-matrix.png", "tasl-run-importance-task1.png", "tasl-run-loss.png",
                "seqlora-run-matrix.png")) {
            assertTrue(md.contains("](" + png + ")"), png);
            BufferedImage img = image(out.resolve(png));
            assertTrue(img.getWidth() > 300 && img.getHeight() > 200, png);
        }
        assertTrue(!md.contains("seqlora-run-loss.png"), "no loss plot without step events");
    }

    @Test
    void aRunWithoutResultsIsAnErrorNamingIt() {
        RunDirectory rd = RunDirectory.create(tmp.resolve("half"));
        rd.writeConfig(Map.of("method", "tasl"));
        var e = assertThrows(IllegalArgumentException.class, () -> ComparisonTable.rows(List.of(rd.dir())));
        assertTrue(e.getMessage().contains("half") && e.getMessage().contains("no results.json"), e.getMessage());
    }

    @Test
    void textTableAlignsColumnsAndShowsUndefinedAsDash() {
        RunResults one = RunResults.of("tasl", "t5-small", "builtin", 1, List.of("sentiment"),
                new double[][] {{66.666}}, null, 3, "exact_match", "completed");
        String t = ComparisonTable.text(List.of(ComparisonTable.row("r1", one)));
        List<String> lines = t.lines().toList();
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("run  method  backbone  benchmark"), t);
        assertTrue(lines.get(2).contains("66.67"), t);
        assertTrue(lines.get(2).contains("–"), "BWT of one task is undefined: " + t);
        assertEquals(lines.get(0).length(), lines.get(2).length(), t);
    }
}
