package org.tasl.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.cl.UnitRecord;
import org.tasl.eval.AccuracyMatrix;
import org.tasl.event.RunEvent;
import org.tasl.strategy.TaskRecord;

class RunDirectoryTest {
    @TempDir
    Path tmp;

    private static Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("method", "tasl");
        c.put("backbone", "bert-tiny");
        c.put("seed", 42);
        c.put("lr", 3e-4);
        c.put("tasks", List.of("dbpedia", "amazon"));
        c.put("data_checksums", Map.of("long-sequence/train/dbpedia.json.gz", "ab12"));
        c.put("out", "/tmp/a");
        c.put("versions", Map.of("tasl", "0.1.0"));
        return c;
    }

    @Test
    void configRoundTripsAndAnIdenticalConfigIsCompatible() {
        RunDirectory rd = RunDirectory.create(tmp.resolve("run"));
        rd.writeConfig(config());
        assertEquals(Json(config()), Json(rd.readConfig()));
        Map<String, Object> same = config();
        same.put("seed", 42L);          // same value, other number type
        same.put("lr", 0.0003);
        same.put("out", "/elsewhere");  // where the run lives may change
        same.put("versions", Map.of("tasl", "0.2.0"));
        rd.checkCompatible(same);
    }

    @Test
    void anotherConfigOnResumeNamesEveryDifferingKeyAndWritesNothing() throws IOException {
        RunDirectory rd = RunDirectory.create(tmp.resolve("run"));
        rd.writeConfig(config());
        byte[] before = Files.readAllBytes(rd.dir().resolve("config.json"));
        Map<String, Object> other = config();
        other.put("seed", 7);
        other.put("method", "seqlora");
        other.put("epochs", 3);
        var e = assertThrows(RunConfigMismatchException.class, () -> rd.checkCompatible(other));
        assertEquals(List.of("epochs", "method", "seed"), e.differingKeys());
        assertTrue(e.getMessage().contains("seed: 42 in the run directory, 7 now"), e.getMessage());
        assertTrue(e.getMessage().contains("epochs: (absent) in the run directory, 3 now"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(rd.dir().resolve("config.json")));
        try (var s = Files.list(rd.dir())) {
            assertEquals(List.of("config.json", "tasks"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void openNeedsAConfig() {
        var e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.open(tmp));
        assertTrue(e.getMessage().contains("not a run directory"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunDirectory.open(tmp.resolve("nope")));
    }

    @Test
    void resultsRoundTripIncludingNaN() {
        RunDirectory rd = RunDirectory.create(tmp.resolve("run"));
        double[][] a = {{80, Double.NaN}, {60, 70}};
        RunResults r = RunResults.of("tasl", "bert-tiny", "long-sequence", 4, List.of("dbpedia", "amazon"), a,
                new double[] {10, 20}, 12.5, "exact_match", "completed");
        assertTrue(Double.isNaN(r.fwt()), "FWT needs a[0][1], which was not computed");
        rd.writeResults(r);
        RunResults back = rd.readResults();
        assertEquals(r, back);
        assertTrue(Double.isNaN(back.accuracyMatrix()[0][1]));
        assertEquals(65.0, back.ap(), 1e-12);
        assertEquals(-20.0, back.bwt(), 1e-12);
        assertEquals(4, back.order());
    }

    @Test
    void resultsJsonHasTheContractKeys() throws IOException {
        RunDirectory rd = RunDirectory.create(tmp.resolve("run"));
        rd.writeResults(RunResults.of("tasl", "b", "builtin", null, List.of("x"), new double[][] {{50}}, null, 1,
                "exact_match", "completed"));
        Map<String, Object> json = org.tasl.util.Json.readObject(rd.dir().resolve("results.json"));
        for (String k : List.of("method", "backbone", "benchmark", "order", "tasks", "accuracy_matrix", "ap", "bwt",
                "fwt", "fwt_raw", "baseline_scores", "seconds")) {
            assertTrue(json.containsKey(k), k);
        }
        assertNull(json.get("bwt"), "NaN is written as null");
    }

    @Test
    void truncatedResultsAreDetected() throws IOException {
        RunDirectory rd = RunDirectory.create(tmp.resolve("run"));
        rd.writeResults(RunResults.of("tasl", "b", "builtin", 1, List.of("x", "y"),
                new double[][] {{1, 2}, {3, 4}}, null, 1, "exact_match", "completed"));
        Path f = rd.dir().resolve("results.json");
        String text = Files.readString(f);
        Files.writeString(f, text.substring(0, text.length() / 2));
        var e = assertThrows(IllegalArgumentException.class, rd::readResults);
        assertTrue(e.getMessage().contains("results.json: malformed JSON"), e.getMessage());
    }

    @Test
    void accuracyMatrixCsvRoundTripsWithEmptyNaNCells() throws IOException {
        RunDirectory rd = RunDirectory.create(tmp.resolve("run"));
        AccuracyMatrix m = AccuracyMatrix.of(List.of("dbpedia", "amazon", "sst-2"),
                new double[][] {{98.5, 1.0 / 3, 0}, {90, 55.25, Double.NaN}});
        rd.writeAccuracyMatrix(m);
        List<String> lines = Files.readAllLines(rd.dir().resolve("accuracy_matrix.csv"));
        assertEquals("after_task,dbpedia,amazon,sst-2", lines.get(0));
        assertEquals("amazon,90.0,55.25,", lines.get(2));
        assertEquals(",,,".length() + "sst-2".length(), lines.get(3).length());
        AccuracyMatrix back = rd.readAccuracyMatrix();
        assertEquals(m.tasks(), back.tasks());
        for (int j = 0; j < 3; j++) {
            assertArrayEquals(m.row(j), back.row(j), 0.0);
        }
    }

    @Test
    void partialMatrixCsvIsDetected() throws IOException {
        RunDirectory rd = RunDirectory.create(tmp.resolve("run"));
        Files.writeString(rd.dir().resolve("accuracy_matrix.csv"), "after_task,a,b\na,1.0,2.0\nb,3.0");
        var e = assertThrows(IllegalArgumentException.class, rd::readAccuracyMatrix);
        assertTrue(e.getMessage().contains("line 3 has 2 fields, expected 3"), e.getMessage());
        Files.writeString(rd.dir().resolve("accuracy_matrix.csv"), "after_task,a,b\na,1.0,2.0\n");
        assertThrows(IllegalArgumentException.class, rd::readAccuracyMatrix);
    }

    @Test
    void unitsCsvRoundTripsWithTheContractColumns() throws IOException {
        RunDirectory rd = RunDirectory.create(tmp.resolve("run"));
        List<UnitRecord> units = List.of(
                new UnitRecord("encoder.layer.0.attention.self.query#A", 0, "attention.self.query", "A", -1, 1.5e-7,
                        0.25, "both", 0.3),
                new UnitRecord("encoder.layer.1.attention.self.value#rank3", 1, "attention.self.value", "rank", 3,
                        2.0, 1.0, "adaptive", 0.6224593312018546),
                new UnitRecord("embeddings.word_embeddings.weight", -1, "embeddings, word", "tensor", -1, 0.0,
                        Double.NaN, "none", 1.0));
        rd.writeUnits(0, "dbpedia", units);
        Path f = rd.dir().resolve("tasks/00-dbpedia/units.csv");
        assertEquals("unit,layer,module,kind,rank,importance,cumulative,category,weight",
                Files.readAllLines(f).get(0));
        List<UnitRecord> back = rd.readUnits(0);
        assertEquals(units.size(), back.size());
        for (int i = 0; i < units.size(); i++) {
            assertEquals(units.get(i).toString(), back.get(i).toString());
        }
    }

    @Test
    void corruptedUnitsCsvIsDetected() throws IOException {
        RunDirectory rd = RunDirectory.create(tmp.resolve("run"));
        Path f = rd.taskDir(0, "x").resolve("units.csv");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "unit,layer,module,kind,rank,importance,cumulative,category,weight\nu,0,m,A,-1,0.5,0.5,bo");
        var e = assertThrows(IllegalArgumentException.class, () -> rd.readUnits(0));
        assertTrue(e.getMessage().contains("line 2 has 8 fields"), e.getMessage());
        Files.writeString(f, "unit,layer,module,kind,rank,importance,cumulative,category,weight\nu,zero,m,A,-1,0.5,0.5,both,1");
        var e2 = assertThrows(IllegalArgumentException.class, () -> rd.readUnits(0));
        assertTrue(e2.getMessage().contains("'zero' is not an integer"), e2.getMessage());
        Files.writeString(f, "unit,layer,module,kind,rank,importance,cumulative,category,weight\nu,0,m,C,-1,0.5,0.5,both,1");
        var e3 = assertThrows(IllegalArgumentException.class, () -> rd.readUnits(0));
        assertTrue(e3.getMessage().contains("kind 'C'"), e3.getMessage());
    }

    @Test
    void taskRecordsMarkCompletionAndResumeStartsAfterTheLastOne() {
        RunDirectory rd = RunDirectory.create(tmp.resolve("run"));
        assertEquals(0, rd.nextTask());
        TaskRecord t0 = new TaskRecord(0, "dbpedia", new double[] {90, Double.NaN}, 3.5, 100, 1);
        rd.writeTaskRecord(t0);
        rd.writeUnits(1, "amazon", List.of()); // a task folder without task.json is not completed
        assertEquals(List.of(t0), rd.completedTasks(List.of("dbpedia", "amazon")));
        assertEquals(1, rd.nextTask());
        assertEquals(t0, rd.readTaskRecord(0));
        AccuracyMatrix m = rd.resumeMatrix(List.of("dbpedia", "amazon"));
        assertEquals(90.0, m.get(0, 0));
        assertTrue(Double.isNaN(m.get(0, 1)) && Double.isNaN(m.get(1, 0)));
        var e = assertThrows(IllegalArgumentException.class, () -> rd.completedTasks(List.of("yahoo", "amazon")));
        assertTrue(e.getMessage().contains("task 0 is 'dbpedia' but the stream's task 0 is 'yahoo'"), e.getMessage());
    }

    @Test
    void eventLogAppendsOneLinePerEventAndReadsBack() throws IOException {
        RunDirectory rd = RunDirectory.create(tmp.resolve("run"));
        try (EventLog log = rd.eventLog()) {
            log.onEvent(new RunEvent(RunEvent.Type.RUN_STARTED, "r1", 1000, Map.of("method", "tasl")));
            log.onEvent(new RunEvent(RunEvent.Type.STEP, "r1", 1001,
                    Map.of("task", 0, "step", 1, "loss", 2.5, "lr", Double.NaN)));
            // flushed per line: visible before close
            assertEquals(2, Files.readAllLines(rd.dir().resolve("events.jsonl")).size());
        }
        List<RunEvent> events = rd.readEvents();
        assertEquals(2, events.size());
        assertEquals("step", events.get(1).name());
        assertEquals(2.5, ((Number) events.get(1).get("loss")).doubleValue());
        assertEquals(1001, events.get(1).timeMillis());
    }

    @Test
    void aTornLastEventLineIsSkippedOnReadAndRemovedWhenTheLogReopens() throws IOException {
        RunDirectory rd = RunDirectory.create(tmp.resolve("run"));
        Path f = rd.dir().resolve("events.jsonl");
        Files.writeString(f, "{\"type\":\"log\",\"run\":\"r\",\"time\":1,\"level\":\"info\",\"message\":\"a\"}\n"
                + "{\"type\":\"step\",\"run\":\"r\",\"ti");
        assertEquals(1, rd.readEvents().size());
        try (EventLog log = rd.eventLog()) {
            log.onEvent(new RunEvent(RunEvent.Type.LOG, "r", 2, Map.of("level", "info", "message", "b")));
        }
        List<String> lines = Files.readAllLines(f);
        assertEquals(2, lines.size());
        assertEquals(2, rd.readEvents().size());
    }

    @Test
    void aBadEventLineInTheMiddleIsAnError() throws IOException {
        RunDirectory rd = RunDirectory.create(tmp.resolve("run"));
        Files.writeString(rd.dir().resolve("events.jsonl"), "{not json}\n{\"type\":\"log\",\"time\":1}\n");
        var e = assertThrows(IllegalArgumentException.class, rd::readEvents);
        assertTrue(e.getMessage().contains("events.jsonl: line 1"), e.getMessage());
    }

    private static String Json(Map<String, Object> m) {
        return org.tasl.util.Json.compact(m);
    }
}
