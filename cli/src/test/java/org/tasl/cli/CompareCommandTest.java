package org.tasl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.run.RunDirectory;
import org.tasl.run.RunResults;
import org.tasl.util.Json;

class CompareCommandTest {
    @TempDir
    Path tmp;

    private Path run(String name, String method, double[][] a) {
        RunDirectory rd = RunDirectory.create(tmp.resolve(name));
        rd.writeConfig(Map.of("method", method));
        rd.writeResults(RunResults.of(method, "bert-base-uncased", "long-sequence", 4, List.of("dbpedia", "amazon"), a,
                new double[] {3, 2}, 100, "exact_match", "completed"));
        return rd.dir();
    }

    private static CliRun execute(String... args) {
        return CliRun.execute(args);
    }

    @Test
    void tablePrintsEveryRunWithItsMetrics() {
        Path a = run("tasl-run", "tasl", new double[][] {{90, 5}, {80, 70}});
        Path b = run("seqlora-run", "seqlora", new double[][] {{88, 4}, {40, 75}});
        CliRun o = execute("compare", a.toString(), b.toString());
        assertEquals(0, o.code(), o.err());
        List<String> lines = o.out().lines().toList();
        assertEquals(4, lines.size(), o.out());
        assertTrue(lines.get(0).contains("AP") && lines.get(0).contains("FWT_raw"), o.out());
        // tasl: AP (80+70)/2 = 75, BWT 80−90 = −10, FWT 5−2 = 3, FWT_raw 5
        assertTrue(lines.get(2).matches("tasl-run +tasl +bert-base-uncased +long-sequence .* 75\\.00 +-10\\.00 +3\\.00 "
                + "+5\\.00 +100\\.00"), lines.get(2));
        // seqlora: AP 57.5, BWT 40−88 = −48
        assertTrue(lines.get(3).contains("57.50") && lines.get(3).contains("-48.00"), lines.get(3));
    }

    @Test
    void jsonIsAListOfObjectsWithTheContractKeys() {
        Path a = run("r1", "tasl", new double[][] {{90, 5}, {80, 70}});
        Path one = tmp.resolve("single");
        RunDirectory rd = RunDirectory.create(one);
        rd.writeConfig(Map.of("method", "seqlora"));
        rd.writeResults(RunResults.of("seqlora", "t5-small", "builtin", 1, List.of("sentiment"),
                new double[][] {{50}}, null, 2, "exact_match", "completed"));
        CliRun o = execute("compare", "--json", a.toString(), one.toString());
        assertEquals(0, o.code(), o.err());
        Object parsed = Json.parse(o.out(), "stdout");
        List<?> list = (List<?>) parsed;
        assertEquals(2, list.size());
        Map<?, ?> first = (Map<?, ?>) list.get(0);
        for (String k : List.of("method", "backbone", "benchmark", "tasks", "ap", "bwt", "fwt", "fwt_raw", "seconds")) {
            assertTrue(first.containsKey(k), k + " in " + first);
        }
        assertEquals(75.0, ((Number) first.get("ap")).doubleValue());
        assertEquals(List.of("dbpedia", "amazon"), first.get("tasks"));
        assertNull(((Map<?, ?>) list.get(1)).get("bwt"), "undefined BWT of one task is null");
    }

    @Test
    void aDirectoryThatIsNoRunIsAClearError() {
        CliRun o = execute("compare", tmp.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("not a run directory"), o.err());
    }

    @Test
    void dataPullWithAnUnknownBenchmarkIsAClearError() {
        CliRun o = execute("data", "pull", "--benchmark", "glue", "--data-dir", tmp.toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("unknown benchmark 'glue'"), o.err());
    }
}
