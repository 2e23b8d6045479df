package org.tasl.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.cl.UnitRecord;
import org.tasl.eval.AccuracyMatrix;
import org.tasl.event.RunEvent;
import org.tasl.strategy.TaskRecord;

/** A run cut short after task 0 of two, read as it is: absent files are null, present ones parsed by the contract. */
class RunSnapshotTest {
    @TempDir
    Path tmp;

    private Path halfRun() {
        Path d = tmp.resolve("half");
        RunDirectory rd = RunDirectory.create(d);
        rd.writeConfig(Map.of("method", "tasl", "tasks", List.of("a", "b")));
        rd.writeUnits(0, "a", List.of(new UnitRecord("l0.q#A", 0, "attention.self.query", "A", -1, 0.5, Double.NaN,
                "initial", 1.0)));
        rd.writeTaskRecord(new TaskRecord(0, "a", new double[] {0.75, Double.NaN}, 1.5, 4, 0));
        AccuracyMatrix m = new AccuracyMatrix(List.of("a", "b"));
        m.setRow(0, new double[] {0.75, Double.NaN});
        rd.writeAccuracyMatrix(m);
        try (EventLog log = rd.eventLog()) {
            log.onEvent(new RunEvent(RunEvent.Type.IMPORTANCE_SNAPSHOT, "half", 1, Map.of("task", 0, "units", List.of())));
            log.onEvent(new RunEvent(RunEvent.Type.CONSOLIDATION, "half", 2, Map.of("task", 0, "units", List.of(1))));
            log.onEvent(new RunEvent(RunEvent.Type.IMPORTANCE_SNAPSHOT, "half", 3, Map.of("task", 1, "units", List.of(2))));
        }
        return d;
    }

    @Test
    void readsWhatIsThereAndNullForWhatIsNot() throws Exception {
        RunSnapshot s = RunSnapshot.of(halfRun());
        assertEquals("tasl", s.config().get("method"));
        assertNull(s.results(), "no results.json before the run ends");
        assertEquals(List.of(0), s.tasksWithUnits());
        assertEquals(0.5, s.units(0).get(0).importance());
        assertTrue(Double.isNaN(s.units(0).get(0).cumulative()), "an empty cell is NaN");
        assertNull(s.units(1), "task 1 has no units.csv yet");
        List<TaskRecord> done = s.taskRecords();
        assertEquals(1, done.size());
        assertEquals(0.75, done.get(0).row()[0]);
        AccuracyMatrix m = s.accuracyMatrix();
        assertEquals(0.75, m.get(0, 0));
        assertTrue(Double.isNaN(m.get(1, 0)), "row of the task not done yet");
        assertTrue(s.lastModified() > 0);
    }

    @Test
    void lastEventsOfATaskSkipATornLastLine() throws Exception {
        Path d = halfRun();
        Files.writeString(d.resolve(RunDirectory.EVENTS), "{\"type\":\"consolidation\",\"task\":0,\"uni",
                java.nio.file.StandardOpenOption.APPEND);
        Map<String, Map<String, Object>> last = RunSnapshot.of(d)
                .lastEventsOfTask(0, Set.of("consolidation", "importance_snapshot"));
        assertEquals(List.of(1), last.get("consolidation").get("units"));
        assertEquals(List.of(), last.get("importance_snapshot").get("units"));
        assertEquals(Set.of("importance_snapshot"), RunSnapshot.of(d).lastEventsOfTask(1, Set.of("consolidation",
                "importance_snapshot")).keySet());
    }

    @Test
    void aRunIsAFolderWithAnyRunFile() throws Exception {
        assertTrue(RunSnapshot.isRun(halfRun()));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertFalse(RunSnapshot.isRun(empty));
        Files.writeString(empty.resolve(RunDirectory.EVENTS), "");
        assertTrue(RunSnapshot.isRun(empty), "a run that has only begun its event log");
        RunSnapshot s = RunSnapshot.of(empty);
        assertNull(s.config());
        assertNull(s.accuracyMatrix());
        assertEquals(List.of(), s.taskRecords());
    }

    @Test
    void aBrokenFileIsAnErrorNamingIt() throws Exception {
        Path d = halfRun();
        Files.writeString(d.resolve(RunDirectory.RESULTS), "{\"method\": ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunSnapshot.of(d).results());
        assertTrue(e.getMessage().contains("results.json: malformed JSON"), e.getMessage());
    }

    @Test
    void aQuotedCellWithACommaAndANewlineStaysOneCell() {
        // the dashboard's former line-by-line CSV reader split this record in two
        Path d = tmp.resolve("quoted");
        RunDirectory rd = RunDirectory.create(d);
        rd.writeUnits(0, "a", List.of(new UnitRecord("odd,\"unit\"\nname", 1, "attention.self.query", "A", -1, 0.25, 0.5,
                "initial", 1.0)));
        List<UnitRecord> units = RunSnapshot.of(d).units(0);
        assertEquals(1, units.size());
        assertEquals("odd,\"unit\"\nname", units.get(0).unit());
        assertEquals(0.25, units.get(0).importance());
    }
}
