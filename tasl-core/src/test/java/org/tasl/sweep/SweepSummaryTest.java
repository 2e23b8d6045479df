package org.tasl.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.run.RunDirectory;
import org.tasl.run.RunResults;
import org.tasl.util.Json;

/** summary.json by hand: two methods × orders 4, 5, 6 with 2×2 accuracy matrices chosen for easy sums. */
class SweepSummaryTest {

    /** A finished cell whose matrix has AP = (a + b) / 2 and BWT = a − d (two tasks). */
    private static void finish(SweepDirectory s, SweepCell c, double d, double a, double b) {
        RunDirectory rd = RunDirectory.create(s.runDir(c));
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("tasks", List.of("x", "y"));
        rd.writeConfig(cfg);
        double[][] m = {{d, 10}, {a, b}};
        rd.writeResults(RunResults.of(c.values().get("method"), "tiny", "long-sequence",
                Integer.valueOf(c.values().get("order")), List.of("x", "y"), m, new double[] {0, 0}, 1.0, "exact_match",
                "completed"));
    }

    @Test
    void meansSdsAndThePapersNumbersPerMethodAndOrder(@TempDir Path tmp) throws Exception {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        axes.put("method", List.of("tasl", "seqlora"));
        axes.put("order", List.of("4", "5", "6"));
        SweepDirectory s = SweepDirectory.create(tmp.resolve("s"), SweepGrid.of(axes, Map.of("benchmark", "long-sequence")),
                SweepOptions.local(1));
        List<SweepCell> c = s.cells();
        // tasl: AP 60, 70, 80 (mean 70, sd 10); BWT 0, -10, -20 (mean -10, sd 10)
        finish(s, c.get(0), 50, 50, 70);
        finish(s, c.get(1), 70, 60, 80);
        finish(s, c.get(2), 90, 70, 90);
        // seqlora: orders 4 and 5 only (order 6 unfinished): AP 30, 40 (mean 35, sd 7.0711)
        finish(s, c.get(3), 50, 20, 40);
        finish(s, c.get(4), 50, 30, 50);

        Map<String, Object> sum = SweepSummary.write(s, s.fileStatuses());
        Map<?, ?> tasl = (Map<?, ?>) ((Map<?, ?>) sum.get("methods")).get("tasl");
        assertEquals(Map.of("mean", 70.0, "sd", 10.0, "n", 3), tasl.get("ap"));
        assertEquals(Map.of("mean", -10.0, "sd", 10.0, "n", 3), tasl.get("bwt"));
        Map<?, ?> seq = (Map<?, ?>) ((Map<?, ?>) sum.get("methods")).get("seqlora");
        Map<?, ?> seqAp = (Map<?, ?>) seq.get("ap");
        assertEquals(35.0, ((Number) seqAp.get("mean")).doubleValue(), 1e-12);
        assertEquals(Math.sqrt(50), ((Number) seqAp.get("sd")).doubleValue(), 1e-12);
        assertEquals(2, seqAp.get("n"));
        // the paper's Standard CL numbers stand beside the means (TASL_SPEC §11)
        assertEquals(Map.of("ap", 76.3, "bwt", -4.0), tasl.get("paper"));
        assertEquals(Map.of("ap", 43.7, "bwt", -50.4), seq.get("paper"));
        assertEquals("Standard CL", ((Map<?, ?>) sum.get("paper")).get("table"));
        // per order: one cell each, so sd is undefined (null) and n = 1
        Map<?, ?> order5 = (Map<?, ?>) ((Map<?, ?>) sum.get("by_order")).get("5");
        Map<?, ?> o5ap = (Map<?, ?>) ((Map<?, ?>) order5.get("tasl")).get("ap");
        assertEquals(70.0, ((Number) o5ap.get("mean")).doubleValue());
        assertNull(o5ap.get("sd"));
        assertEquals(1, o5ap.get("n"));
        assertEquals(null, ((Map<?, ?>) ((Map<?, ?>) sum.get("by_order")).get("6")).get("seqlora"), "no completed cell");
        List<?> cells = (List<?>) sum.get("cells");
        assertEquals(6, cells.size());
        assertEquals("pending", ((Map<?, ?>) cells.get(5)).get("state"));
        assertNull(((Map<?, ?>) cells.get(5)).get("ap"));

        String csv = Files.readString(s.dir().resolve(SweepSummary.CSV));
        assertTrue(csv.contains("\nall,tasl,70.0,10.0,3,-10.0,10.0,3,10.0,0.0,3,76.3,-4.0\n"), csv);
        assertTrue(csv.contains("\n5,tasl,70.0,,1,-10.0,,1,10.0,,1,,\n"), "per order: no sd with one cell: " + csv);
        String md = Files.readString(s.dir().resolve(SweepSummary.MD));
        assertTrue(md.contains("| tasl | 3 | 70.00 ± 10.00 | -10.00 ± 10.00 |"), md);
        assertEquals(sum, Json.readObject(s.dir().resolve(SweepSummary.JSON)));
    }

    @Test
    void otherOrdersOrBenchmarksGetNoPaperColumn(@TempDir Path tmp) {
        Map<String, List<String>> axes = new LinkedHashMap<>();
        axes.put("order", List.of("4", "5"));
        SweepDirectory s = SweepDirectory.create(tmp.resolve("s"), SweepGrid.of(axes, Map.of("benchmark", "long-sequence")),
                SweepOptions.local(1));
        assertNull(SweepSummary.compute(s, s.fileStatuses()).get("paper"));
    }

    @Test
    void anExtraAxisMakesItsOwnRow() {
        assertEquals("tasl lr=5e-4 tau=0.5", SweepSummary.rowName("tasl", new LinkedHashMap<>(Map.of("lr", "5e-4")) {
            {
                put("tau", "0.5");
            }
        }));
    }
}
