package org.tasl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.eval.MetricKind;
import org.tasl.util.Sha256;

class BenchmarkLoaderTest {
    @TempDir
    Path dir;
    BenchmarkLoader loader;
    BenchmarkLoader.Options all = BenchmarkLoader.Options.defaults();

    @BeforeEach
    void setUp() throws IOException {
        String[] nli = {"entailment", "neutral", "contradiction", "entailment", "neutral", "contradiction"};
        BenchmarkFiles.writeGz(dir, "long-sequence", "train", "mnli", BenchmarkFiles.rows("mnli", nli));
        BenchmarkFiles.writeGz(dir, "long-sequence", "dev", "mnli",
                BenchmarkFiles.rows("mnli", "neutral", "-", "entailment", "-"));
        String[] topics = new String[40];
        for (int i = 0; i < topics.length; i++) {
            topics[i] = i % 2 == 0 ? "World" : "Sports";
        }
        BenchmarkFiles.writeGz(dir, "long-sequence", "train", "agnews", BenchmarkFiles.rows("agnews", topics));
        BenchmarkFiles.writePlain(dir, "long-sequence", "dev", "agnews",
                org.tasl.util.Json.compact(BenchmarkFiles.rows("agnews", "World", "Sports", "World")));
        loader = new BenchmarkLoader(dir);
    }

    @Test
    void labelSetIsTheSortedDistinctTrainOutputsAndForeignDevRowsAreDroppedAndCounted() {
        Benchmark b = loader.load("long-sequence", null, List.of("mnli"), all);
        Task t = b.task("mnli");
        assertEquals(List.of("contradiction", "entailment", "neutral"), t.labels());
        assertEquals(2, t.eval().size());
        assertEquals(2, t.droppedEvalRows());
        assertEquals(List.of("mnli_0", "mnli_2"), t.eval().stream().map(Example::id).toList());
        assertEquals(MetricKind.EXACT_MATCH, t.metric());
        assertNull(b.order());
    }

    @Test
    void strictLabelsMakesAForeignLabelAnErrorNamingFileRowAndValue() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> loader.load("long-sequence", null, List.of("mnli"), all.strict(true)));
        assertTrue(e.getMessage().contains("dev/mnli.json.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertTrue(e.getMessage().contains("'-'"), e.getMessage());
        assertTrue(e.getMessage().contains("[contradiction, entailment, neutral]"), e.getMessage());
    }

    @Test
    void requireLabelRejectsAnUnknownLabel() {
        Task t = loader.load("long-sequence", null, List.of("mnli"), all).task("mnli");
        t.requireLabel("neutral", "test");
        var e = assertThrows(IllegalArgumentException.class, () -> t.requireLabel("maybe", "predictions.csv row 3"));
        assertTrue(e.getMessage().contains("'maybe'") && e.getMessage().contains("predictions.csv row 3"));
    }

    @Test
    void readsPlainAndGzipFilesAndRecordsTheirSha256() {
        Benchmark b = loader.load("long-sequence", null, List.of("agnews", "mnli"), all);
        assertEquals(List.of("agnews", "mnli"), b.taskNames());
        Map<String, String> sums = b.checksums();
        assertEquals(4, sums.size());
        assertEquals(Sha256.of(dir.resolve("long-sequence/dev/agnews.json")), sums.get("long-sequence/dev/agnews.json"));
        assertEquals(Sha256.of(dir.resolve("long-sequence/train/mnli.json.gz")),
                sums.get("long-sequence/train/mnli.json.gz"));
    }

    @Test
    void subsamplingIsSeededPerTaskAndKeepsFileOrder() {
        Task a = loader.load("long-sequence", null, List.of("agnews"), all.withSizes(10, 0).withSeed(7)).task("agnews");
        Task b = loader.load("long-sequence", null, List.of("mnli", "agnews"), all.withSizes(10, 0).withSeed(7))
                .task("agnews");
        Task c = loader.load("long-sequence", null, List.of("agnews"), all.withSizes(10, 0).withSeed(8)).task("agnews");
        assertEquals(10, a.train().size());
        assertEquals(a.train(), b.train(), "other tasks must not change a task's sample");
        assertNotEquals(a.train(), c.train(), "another seed gives another sample");
        List<Integer> idx = a.train().stream().map(e -> Integer.parseInt(e.id().substring("agnews_".length()))).toList();
        assertEquals(idx.stream().sorted().toList(), idx);
        assertEquals(3, a.eval().size(), "eval_per_task 0 keeps every row");
        assertEquals(List.of("Sports", "World"), a.labels(), "label set comes from the whole train file");
    }

    @Test
    void builtInOrderIsUsedWhenNoTasksAreGiven() throws IOException {
        for (String t : TaskOrders.get("long-sequence", 4)) {
            BenchmarkFiles.writeGz(dir, "long-sequence", "train", t, BenchmarkFiles.rows(t, "x", "y"));
            BenchmarkFiles.writeGz(dir, "long-sequence", "dev", t, BenchmarkFiles.rows(t, "y"));
        }
        Benchmark b = loader.load("long-sequence", 4, null, all);
        assertEquals(List.of("dbpedia", "amazon", "yahoo", "agnews"), b.taskNames());
        assertEquals(4, b.order());
    }

    @Test
    void orderAndTaskListTogetherIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> loader.load("long-sequence", 4, List.of("mnli"), all));
    }

    @Test
    void unknownTaskListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> loader.load("long-sequence", null, List.of("mnli", "nope"), all));
        assertTrue(e.getMessage().contains("unknown task 'nope'"), e.getMessage());
        assertTrue(e.getMessage().contains("[agnews, mnli]"), e.getMessage());
    }

    @Test
    void unknownBenchmarkListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> loader.load("glue", null, List.of("x"), all));
        assertTrue(e.getMessage().contains("unknown benchmark 'glue'"), e.getMessage());
        assertTrue(e.getMessage().contains("long-sequence") && e.getMessage().contains("superni")
                && e.getMessage().contains("builtin"), e.getMessage());
        var notInstalled = assertThrows(IllegalArgumentException.class, () -> loader.load("superni", 1, null, all));
        assertTrue(notInstalled.getMessage().contains("not installed"), notInstalled.getMessage());
        assertTrue(notInstalled.getMessage().contains("data pull"), notInstalled.getMessage());
    }

    @Test
    void unknownOrderListsTheKnownOrders() {
        var e = assertThrows(IllegalArgumentException.class, () -> loader.load("long-sequence", 9, null, all));
        assertTrue(e.getMessage().contains("no order 9") && e.getMessage().contains("[1, 2, 3, 4, 5, 6]"),
                e.getMessage());
    }

    @Test
    void malformedJsonNamesTheFileAndLine() throws IOException {
        BenchmarkFiles.writeGzText(dir, "long-sequence", "train", "broken", "[{\"input\": \"a\",\n \"output\": }]");
        BenchmarkFiles.writeGz(dir, "long-sequence", "dev", "broken", BenchmarkFiles.rows("broken", "x"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> loader.load("long-sequence", null, List.of("broken"), all));
        assertTrue(e.getMessage().contains("train/broken.json.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("malformed JSON at line 2"), e.getMessage());
    }

    @Test
    void rowMissingOutputNamesRowAndField() throws IOException {
        BenchmarkFiles.writeGzText(dir, "long-sequence", "train", "half",
                "[{\"id\":\"h0\",\"input\":\"a\",\"output\":\"x\"},{\"id\":\"h1\",\"input\":\"b\"}]");
        BenchmarkFiles.writeGz(dir, "long-sequence", "dev", "half", BenchmarkFiles.rows("half", "x"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> loader.load("long-sequence", null, List.of("half"), all));
        assertTrue(e.getMessage().contains("train/half.json.gz: row 1 (id h1): missing field 'output'"),
                e.getMessage());
    }

    @Test
    void rowMissingInputAndNonStringOutputAreErrors() throws IOException {
        BenchmarkFiles.writeGzText(dir, "long-sequence", "train", "noin", "[{\"output\":\"x\"}]");
        BenchmarkFiles.writeGz(dir, "long-sequence", "dev", "noin", BenchmarkFiles.rows("noin", "x"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> loader.load("long-sequence", null, List.of("noin"), all));
        assertTrue(e.getMessage().contains("row 0: missing field 'input'"), e.getMessage());

        BenchmarkFiles.writeGzText(dir, "long-sequence", "train", "listout", "[{\"input\":\"a\",\"output\":[\"x\"]}]");
        BenchmarkFiles.writeGz(dir, "long-sequence", "dev", "listout", BenchmarkFiles.rows("listout", "x"));
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> loader.load("long-sequence", null, List.of("listout"), all));
        assertTrue(e2.getMessage().contains("field 'output' must be a string, found an array"), e2.getMessage());
    }

    @Test
    void emptyTaskIsAnError() throws IOException {
        BenchmarkFiles.writeGzText(dir, "long-sequence", "train", "empty", "[]");
        BenchmarkFiles.writeGz(dir, "long-sequence", "dev", "empty", BenchmarkFiles.rows("empty", "x"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> loader.load("long-sequence", null, List.of("empty"), all));
        assertTrue(e.getMessage().contains("train/empty.json.gz: no rows (an empty task)"), e.getMessage());
    }

    @Test
    void devWithOnlyForeignLabelsIsAnEmptyTask() throws IOException {
        BenchmarkFiles.writeGz(dir, "long-sequence", "train", "odd", BenchmarkFiles.rows("odd", "a", "b"));
        BenchmarkFiles.writeGz(dir, "long-sequence", "dev", "odd", BenchmarkFiles.rows("odd", "-", "-"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> loader.load("long-sequence", null, List.of("odd"), all));
        assertTrue(e.getMessage().contains("empty task"), e.getMessage());
    }

    @Test
    void missingDevSplitNamesBothCandidateFiles() throws IOException {
        BenchmarkFiles.writeGz(dir, "long-sequence", "train", "lonely", BenchmarkFiles.rows("lonely", "a"));
        var e = assertThrows(IllegalArgumentException.class,
                () -> loader.load("long-sequence", null, List.of("lonely"), all));
        assertTrue(e.getMessage().contains("dev/lonely.json.gz") && e.getMessage().contains("no dev split"),
                e.getMessage());
    }

    @Test
    void superniIsScoredWithRougeAndKeepsAllDevRows() throws IOException {
        BenchmarkFiles.writeGz(dir, "superni", "train", "task002", BenchmarkFiles.rows("task002", "a text", "b text"));
        BenchmarkFiles.writeGz(dir, "superni", "dev", "task002", BenchmarkFiles.rows("task002", "a new text"));
        Task t = loader.load("superni", null, List.of("task002"), all).task("task002");
        assertEquals(MetricKind.ROUGE_L, t.metric());
        assertEquals(1, t.eval().size());
        assertEquals(0, t.droppedEvalRows());
    }

    @Test
    void dataDirectoryResolution() {
        assertEquals(Path.of("/x"), DataDirectory.resolve("/x", "/env", "/home/u"));
        assertEquals(Path.of("/env"), DataDirectory.resolve(null, "/env", "/home/u"));
        assertEquals(Path.of("/env"), DataDirectory.resolve(" ", "/env", "/home/u"));
        assertEquals(Path.of("/home/u/.tasl/benchmarks"), DataDirectory.resolve(null, null, "/home/u"));
        assertTrue(DataDirectory.isInstalled(dir, "long-sequence"));
        assertTrue(!DataDirectory.isInstalled(dir, "superni"));
    }
}
