package org.tasl.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tasl.run.RunOptions;

class SweepGridTest {

    private static Map<String, List<String>> axes(Object... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> v = (List<String>) kv[i + 1];
            m.put((String) kv[i], v);
        }
        return m;
    }

    @Test
    void cellsAreTheProductInAxisOrderLastAxisFastest() {
        SweepGrid g = SweepGrid.of(axes("method", List.of("tasl", "seqlora"), "order", List.of("4", "5"),
                "lr", List.of("3e-4")), Map.of("backbone", "all-minilm-l6-v2"));
        List<SweepCell> cells = g.cells();
        assertEquals(List.of("tasl_order4_lr3e-4", "tasl_order5_lr3e-4", "seqlora_order4_lr3e-4", "seqlora_order5_lr3e-4"),
                cells.stream().map(SweepCell::name).toList());
        assertEquals(Map.of("method", "seqlora", "order", "4", "lr", "3e-4"), cells.get(2).values());
        assertEquals(2, cells.get(2).index());
    }

    @Test
    void aCellsConfigIsTheFixedOptionsPlusItsValues() {
        SweepGrid g = SweepGrid.of(axes("seed", List.of("1", "2")), Map.of("method", "olora", "lr", "5e-3"));
        var c = g.config(g.cells().get(1));
        assertEquals("olora", c.method());
        assertEquals(2L, c.seed());
        assertEquals(5e-3f, c.lr());
    }

    @Test
    void aGridWithoutAxesIsOneCellNamedRun() {
        assertEquals(List.of("run"), SweepGrid.of(Map.of(), Map.of("method", "tasl")).cells().stream().map(SweepCell::name).toList());
    }

    @Test
    void aListOptionTakesWholeListsAsValues() {
        SweepGrid g = SweepGrid.of(axes("tasks", List.of("sentiment,topic", "topic,sentiment")), Map.of());
        assertEquals(List.of("sentiment", "topic"), g.config(g.cells().get(0)).get(RunOptions.TASKS));
        assertEquals("taskstopic-sentiment", g.cells().get(1).name(), "the comma is not kept in a folder name");
    }

    @Test
    void badGridsAreNamed() {
        String unknown = assertThrows(IllegalArgumentException.class,
                () -> SweepGrid.of(axes("learning_rate", List.of("1e-3")), Map.of())).getMessage();
        assertTrue(unknown.contains("unknown run option 'learning_rate' in the grid"), unknown);
        String empty = assertThrows(IllegalArgumentException.class,
                () -> SweepGrid.of(axes("seed", List.of()), Map.of())).getMessage();
        assertTrue(empty.contains("'seed' has an empty list"), empty);
        String twice = assertThrows(IllegalArgumentException.class,
                () -> SweepGrid.of(axes("lr", List.of("3e-4", "0.0003")), Map.of())).getMessage();
        assertTrue(twice.contains("lists the value '0.0003' twice"), twice);
        String both = assertThrows(IllegalArgumentException.class,
                () -> SweepGrid.of(axes("seed", List.of("1")), Map.of("seed", "2"))).getMessage();
        assertTrue(both.contains("both a grid axis"), both);
        String out = assertThrows(IllegalArgumentException.class,
                () -> SweepGrid.of(Map.of(), Map.of("out", "x"))).getMessage();
        assertTrue(out.contains("'out' cannot be set"), out);
        String badValue = assertThrows(IllegalArgumentException.class,
                () -> SweepGrid.of(axes("epochs", List.of("two")), Map.of())).getMessage();
        assertTrue(badValue.contains("'epochs' value 'two'"), badValue);
        String badMethod = assertThrows(IllegalArgumentException.class,
                () -> SweepGrid.of(axes("method", List.of("tasl", "foo")), Map.of())).getMessage();
        assertTrue(badMethod.contains("unknown method 'foo'"), badMethod);
        String badMode = assertThrows(IllegalArgumentException.class,
                () -> SweepGrid.of(axes("eval_mode", List.of("rank", "gen")), Map.of())).getMessage();
        assertTrue(badMode.contains("eval_mode must be 'rank' or 'generate', got 'gen'"), badMode);
        String badFixed = assertThrows(IllegalArgumentException.class,
                () -> SweepGrid.of(axes("seed", List.of("1")), Map.of("precision", "fp16"))).getMessage();
        assertTrue(badFixed.contains("precision must be fp32 or bf16, got 'fp16'"), badFixed);
    }

    @Test
    void differencesCompareParsedValues() {
        SweepGrid a = SweepGrid.of(axes("lr", List.of("3e-4", "5e-4")), Map.of("seed", "1"));
        SweepGrid same = SweepGrid.of(axes("lr", List.of("0.0003", "0.0005")), Map.of("seed", "1"));
        assertEquals(List.of(), a.differences(same));
        SweepGrid other = SweepGrid.of(axes("lr", List.of("3e-4")), Map.of("epochs", "2"));
        assertEquals(List.of("axis lr [3e-4, 5e-4] vs [3e-4]", "option epochs (not set) vs '2'", "option seed '1' vs (not set)"),
                a.differences(other));
    }

    @Test
    void namesAreDirectorySafeAndUnique() {
        SweepGrid g = SweepGrid.of(axes("backbone", List.of("/a/b", "/a:b")), Map.of());
        assertEquals(List.of("backbone-a-b", "backbone-a-b_c1"), g.cells().stream().map(SweepCell::name).toList());
    }
}
