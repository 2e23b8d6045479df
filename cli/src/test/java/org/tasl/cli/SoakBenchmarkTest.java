package org.tasl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.testing.TinyBertFolder;

/** The soak benchmark's arithmetic and its run on a tiny model (numbers printed, nothing judged). */
class SoakBenchmarkTest {

    @Test
    void theFittedLineOfExactPointsIsThatLine() {
        // y = 500 + 0.02·x: 20 MB per 1000 steps
        SoakBenchmark.Line line = SoakBenchmark.Line.fit(new double[] {100, 200, 300, 400}, new double[] {502, 504, 506, 508});
        assertEquals(500, line.intercept(), 1e-9);
        assertEquals(0.02, line.slope(), 1e-12);
        assertEquals(510, line.at(500), 1e-9);
    }

    @Test
    void badOptionsAreNamed() {
        Exception m = assertThrows(IllegalArgumentException.class, () -> new SoakBenchmark("x", "qlora", 10, 1, 1, 8, "cpu"));
        assertTrue(m.getMessage().contains("--method must be lora or full, got 'qlora'"), m.getMessage());
        Exception s = assertThrows(IllegalArgumentException.class, () -> new SoakBenchmark("x", "lora", 1, 1, 1, 8, "cpu"));
        assertTrue(s.getMessage().contains("--soak"), s.getMessage());
    }

    @Test
    void aShortSoakPrintsASampleEveryNStepsAndTheSlopes(@TempDir Path tmp) throws Exception {
        Path backbone = TinyBertFolder.write(tmp.resolve("tiny-bert"));
        StringWriter out = new StringWriter();
        List<SoakBenchmark.Sample> samples = new SoakBenchmark(backbone.toString(), "full", 30, 5, 2, 16, "cpu")
                .run(new PrintWriter(out));
        assertEquals(List.of(1, 5, 10, 15, 20, 25, 30), samples.stream().map(SoakBenchmark.Sample::step).toList());
        for (SoakBenchmark.Sample s : samples) {
            assertTrue(s.rssMb() > 0 && s.nativeMb() > 0 && s.javaMb() > 0, s.toString());
        }
        String text = out.toString();
        assertTrue(text.contains("resident  slope") && text.contains("MB per 1000 steps") && text.contains("native    slope"), text);
    }
}
