package org.tasl.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.api.Tasl;
import org.tasl.cl.UnitRecord;
import org.tasl.run.Experiment;
import org.tasl.run.RunConfig;
import org.tasl.run.RunResult;
import org.tasl.testing.SyntheticBenchmark;
import org.tasl.testing.TinyBertFolder;
import org.tasl.util.Json;

/**
 * A short real TaSL run (tiny random BERT, synthetic three-task stream) served live: a client
 * connected before the run sees it all, and the API then agrees with the run's own result.
 */
class RealRunTest {
    @TempDir
    Path tmp;

    @Test
    void aRealRunStreamsLiveAndItsFilesAgreeWithTheApi() throws Exception {
        Path backbone = TinyBertFolder.write(tmp.resolve("tiny-bert"));
        Path data = SyntheticBenchmark.write(tmp.resolve("data"), 24, 12);
        Path runs = tmp.resolve("runs");
        RunConfig c = Tasl.config().set("method", "tasl").set("backbone", backbone.toString())
                .set("benchmark", SyntheticBenchmark.NAME).set("tasks", String.join(",", SyntheticBenchmark.TASKS))
                .set("data_dir", data.toString()).set("train_per_task", 8).set("eval_per_task", 4)
                .set("batch_size", 4).set("lr", 1e-2).set("warmup_steps", 1).set("seed", 3)
                .set("snapshot_every", 1).set("device", "cpu").set("max_input_tokens", 48)
                .set("out", runs.resolve("real").toString());
        Experiment exp = Tasl.experiment(Tasl.benchmark(c), c);
        try (DashboardServer server = DashboardServer.start(runs, null, 0)) {
            exp.addListener(server.attach("real", exp.outDir()));
            RunResult r;
            List<SseReader.Message> live;
            try (SseReader sse = new SseReader("http://127.0.0.1:" + server.port() + "/api/runs/real/events")) {
                r = exp.run();
                live = sse.until("run_finished");
            }
            assertEquals("completed", r.status());
            Set<String> types = live.stream().map(SseReader.Message::type).collect(Collectors.toSet());
            assertTrue(types.containsAll(Set.of("run_started", "task_started", "step", "importance_snapshot", "consolidation",
                    "task_evaluated", "run_finished")), types.toString());
            Map<String, Object> snapshot = live.stream().filter(m -> m.type().equals("importance_snapshot")).findFirst()
                    .orElseThrow().event();
            Map<?, ?> unit = (Map<?, ?>) ((List<?>) snapshot.get("units")).get(0);
            assertTrue(unit.keySet().containsAll(Set.of("unit", "layer", "module", "kind", "rank", "score")), unit.toString());

            Map<?, ?> m = Json.parseObject(Http.get(server.port(), "/api/runs/real/matrix").body(), "response");
            List<?> rows = (List<?>) m.get("matrix");
            double[][] a = r.accuracyMatrix();
            assertEquals(a.length, rows.size());
            for (int j = 0; j < a.length; j++) {
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[j][i], ((Number) ((List<?>) rows.get(j)).get(i)).doubleValue(), 1e-9);
                }
            }
            assertEquals(r.ap(), ((Number) ((List<?>) m.get("ap")).get(a.length - 1)).doubleValue(), 1e-9);

            List<UnitRecord> expected = r.importance(2);
            List<?> units = Json.mapper().readValue(Http.get(server.port(), "/api/runs/real/importance?task=2").body(), List.class);
            assertEquals(expected.size(), units.size());
            for (int i = 0; i < expected.size(); i++) {
                Map<?, ?> u = (Map<?, ?>) units.get(i);
                assertEquals(expected.get(i).unit(), u.get("unit"));
                assertEquals(expected.get(i).category(), u.get("category"));
                assertEquals(expected.get(i).importance(), ((Number) u.get("score")).doubleValue(), 1e-9);
            }
        }
        // another process's view of the same run: its events.jsonl, replayed
        try (DashboardServer reader = DashboardServer.start(runs, null, 0);
             SseReader sse = new SseReader("http://127.0.0.1:" + reader.port() + "/api/runs/real/events")) {
            List<SseReader.Message> replay = sse.until("run_finished");
            assertEquals(3, replay.stream().filter(x -> x.type().equals("consolidation")).count());
            Map<?, ?> d = Json.parseObject(Http.get(reader.port(), "/api/runs/real").body(), "response");
            assertEquals("completed", d.get("status"));
        }
    }
}
