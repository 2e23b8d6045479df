package org.tasl.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.cl.UnitRecord;
import org.tasl.event.RunEvent;
import org.tasl.run.EventLog;
import org.tasl.run.RunDirectory;
import org.tasl.run.RunResults;
import org.tasl.strategy.TaskRecord;
import org.tasl.util.Json;

/**
 * The dashboard reads what the core's own writer ({@code org.tasl.run.RunDirectory}, EventLog)
 * leaves on disk: a run cut short after two of four tasks (the matrix file already holds four
 * rows, two of them empty), and the same run finished.
 */
class RunDirectoryContractTest {
    @TempDir
    Path runs;

    private static List<UnitRecord> records(int task) {
        List<UnitRecord> out = new ArrayList<>();
        for (Map<String, Object> u : SimulatedRun.consolidationUnits(task)) {
            out.add(new UnitRecord((String) u.get("unit"), (Integer) u.get("layer"), (String) u.get("module"),
                    (String) u.get("kind"), (Integer) u.get("rank"), (Double) u.get("score"), (Double) u.get("cumulative"),
                    (String) u.get("category"), (Double) u.get("weight")));
        }
        return out;
    }

    private static void writeRun(Path dir, int tasksDone) {
        SimulatedRun sim = new SimulatedRun(dir.getFileName().toString(), 4, 6, 3);
        RunDirectory rd = RunDirectory.create(dir);
        rd.writeConfig(sim.config("taslora"));
        List<RunEvent> events = new ArrayList<>();
        sim.play(events::add, () -> { });
        try (EventLog log = rd.eventLog()) {
            for (RunEvent e : events) {
                if (e.name().equals("task_started") && ((Integer) e.get("task")) == tasksDone) {
                    break;
                }
                log.onEvent(e);
            }
        }
        org.tasl.eval.AccuracyMatrix m = new org.tasl.eval.AccuracyMatrix(sim.tasks);
        for (int k = 0; k < tasksDone; k++) {
            rd.writeUnits(k, sim.tasks.get(k), records(k));
            double[] row = sim.row(k).stream().mapToDouble(Double::doubleValue).toArray();
            m.setRow(k, row);
            rd.writeTaskRecord(new TaskRecord(k, sim.tasks.get(k), row, 2.0, 6, 0));
        }
        rd.writeAccuracyMatrix(m);
        if (tasksDone == sim.tasks.size()) {
            rd.writeResults(RunResults.of("taslora", "bert-tiny", "standard", 1, sim.tasks, m.toArray(),
                    null, 8.0, "accuracy", "completed"));
        }
    }

    @Test
    void partialRunShowsTheRowsDoneSoFar() throws Exception {
        writeRun(runs.resolve("half"), 2);
        try (DashboardServer server = DashboardServer.start(runs, null, 0)) {
            Map<?, ?> m = Json.parseObject(Http.get(server.port(), "/api/runs/half/matrix").body(), "response");
            assertEquals(List.of(List.of(0.9, 0.11, 0.12, 0.13), List.of(0.87, 0.85, 0.12, 0.13)), m.get("matrix"));
            assertEquals(0.86, ((Number) ((List<?>) m.get("ap")).get(1)).doubleValue(), 1e-9);
            Map<?, ?> d = Json.parseObject(Http.get(server.port(), "/api/runs/half").body(), "response");
            assertNull(d.get("results"));
            assertEquals(2, ((Map<?, ?>) d.get("progress")).get("tasks_done"));
            List<?> units = Json.mapper().readValue(Http.get(server.port(), "/api/runs/half/importance?task=1").body(), List.class);
            assertEquals(96, units.size());
            try (SseReader sse = new SseReader("http://127.0.0.1:" + server.port() + "/api/runs/half/events")) {
                List<SseReader.Message> got = sse.until("task_completed");
                assertEquals("run_started", got.get(0).type());
                assertEquals(0, got.get(got.size() - 1).event().get("task"));
                List<SseReader.Message> second = sse.until("task_completed");
                assertEquals(1, second.get(second.size() - 1).event().get("task"));
            }
        }
    }

    @Test
    void finishedRunReadsItsResults() throws Exception {
        writeRun(runs.resolve("full"), 4);
        try (DashboardServer server = DashboardServer.start(runs, null, 0)) {
            List<?> list = Json.mapper().readValue(Http.get(server.port(), "/api/runs").body(), List.class);
            Map<?, ?> full = (Map<?, ?>) list.get(0);
            assertEquals("completed", full.get("status"));
            assertEquals(0.78, ((Number) full.get("ap")).doubleValue(), 1e-9);
            assertEquals(-0.06, ((Number) full.get("bwt")).doubleValue(), 1e-9);
            Map<?, ?> m = Json.parseObject(Http.get(server.port(), "/api/runs/full/matrix").body(), "response");
            assertEquals(4, ((List<?>) m.get("matrix")).size());
        }
    }
}
