package org.tasl.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.event.EventBus;
import org.tasl.event.RunEvent;
import org.tasl.util.Json;

/** The live stream: replay of what happened, then live events, from a bus or from events.jsonl. */
class DashboardEventsTest {
    @TempDir
    Path runs;
    DashboardServer server;

    @BeforeEach
    void start() {
        server = DashboardServer.start(runs, null, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String eventsUrl(String id) {
        return "http://127.0.0.1:" + server.port() + "/api/runs/" + id + "/events";
    }

    private static List<RunEvent> eventsOf(SimulatedRun run) {
        List<RunEvent> all = new ArrayList<>();
        run.play(all::add, () -> { });
        return all;
    }

    @Test
    void replaysWhatHappenedThenStreamsLive() throws Exception {
        EventBus bus = new EventBus();
        server.attach("live1", runs.resolve("live1"), bus);
        List<RunEvent> all = eventsOf(new SimulatedRun("live1", 2, 10, 5));
        int half = all.indexOf(all.stream().filter(e -> e.name().equals("task_started") && ((Integer) e.get("task")) == 1).findFirst().orElseThrow());
        all.subList(0, half).forEach(bus::onEvent);
        try (SseReader sse = new SseReader(eventsUrl("live1"))) {
            List<SseReader.Message> replay = sse.until("task_completed");
            assertEquals("run_started", replay.get(0).type());
            // task 0 had two snapshots (steps 5 and 10): the replay keeps the newest only
            List<SseReader.Message> snaps = replay.stream().filter(m -> m.type().equals("importance_snapshot")).toList();
            assertEquals(1, snaps.size());
            assertEquals(10, snaps.get(0).event().get("step"));
            assertEquals(10, replay.stream().filter(m -> m.type().equals("step")).count());

            all.subList(half, all.size()).forEach(bus::onEvent);
            List<SseReader.Message> live = sse.until("run_finished");
            assertEquals("task_started", live.get(0).type());
            assertEquals(1, live.get(0).event().get("task"));
            // a client that falls behind may skip a snapshot a newer one replaces, never the newest
            List<SseReader.Message> liveSnaps = live.stream().filter(m -> m.type().equals("importance_snapshot")).toList();
            assertEquals(10, liveSnaps.get(liveSnaps.size() - 1).event().get("step"));
            assertEquals(1, liveSnaps.get(liveSnaps.size() - 1).event().get("task"));
            assertEquals(10, live.stream().filter(m -> m.type().equals("step")).count(), "every step arrives");
            Map<String, Object> end = live.get(live.size() - 1).event();
            assertEquals("completed", end.get("status"));
            assertEquals("live1", end.get("run"));
            long prev = 0;
            for (SseReader.Message m : live) {
                assertTrue(m.id() > prev, "ids increase");
                prev = m.id();
            }
        }
    }

    @Test
    void lastEventIdResumesWithoutRepeats() throws Exception {
        EventBus bus = new EventBus();
        server.attach("r2", runs.resolve("r2"), bus);
        eventsOf(new SimulatedRun("r2", 1, 6, 3)).forEach(bus::onEvent);
        List<SseReader.Message> first;
        try (SseReader sse = new SseReader(eventsUrl("r2"))) {
            first = sse.until("run_finished");
        }
        long cut = first.get(4).id();
        try (SseReader again = new SseReader(eventsUrl("r2"), Map.of("Last-Event-ID", Long.toString(cut)))) {
            List<SseReader.Message> rest = again.until("run_finished");
            assertEquals(first.subList(5, first.size()).stream().map(SseReader.Message::id).toList(),
                    rest.stream().map(SseReader.Message::id).toList());
        }
    }

    @Test
    void liveRunIsListedAndServedBeforeItsFolderExists() throws Exception {
        EventBus bus = new EventBus();
        server.attach("fresh", runs.resolve("fresh"), bus);
        List<RunEvent> all = eventsOf(new SimulatedRun("fresh", 2, 4, 2));
        all.forEach(bus::onEvent);
        try (SseReader sse = new SseReader(eventsUrl("fresh"))) {
            sse.until("run_finished"); // the feed has seen everything
        }
        Map<?, ?> d = Json.parseObject(Http.get(server.port(), "/api/runs/fresh").body(), "response");
        assertEquals("completed", d.get("status"));
        assertEquals(true, d.get("live"));
        Map<?, ?> progress = (Map<?, ?>) d.get("progress");
        assertEquals(2, progress.get("tasks_done"));
        List<?> units = Json.mapper().readValue(Http.get(server.port(), "/api/runs/fresh/importance?task=1").body(), List.class);
        assertEquals("current", ((Map<?, ?>) units.stream()
                .filter(u -> "encoder.layer.1.attention.self.value#rank0".equals(((Map<?, ?>) u).get("unit"))).findFirst().orElseThrow())
                .get("category"));
        List<?> list = Json.mapper().readValue(Http.get(server.port(), "/api/runs").body(), List.class);
        assertEquals("fresh", ((Map<?, ?>) list.get(0)).get("id"));
    }

    @Test
    void followsEventsJsonlOfAnotherProcess() throws Exception {
        Path dir = Files.createDirectories(runs.resolve("other"));
        Path file = dir.resolve("events.jsonl");
        List<RunEvent> all = eventsOf(new SimulatedRun("other", 2, 6, 3));
        int k = 4; // a step line (snapshots may be coalesced for a client that is behind)
        StringBuilder head = new StringBuilder();
        all.subList(0, k).forEach(e -> head.append(SimulatedRun.toLine(e)));
        String next = SimulatedRun.toLine(all.get(k));
        // the writer is half-way through line k
        SimulatedRun.append(file, head + next.substring(0, next.length() / 2));
        try (SseReader sse = new SseReader(eventsUrl("other"))) {
            for (int i = 0; i < k; i++) {
                SseReader.Message m = sse.next();
                assertNotNull(m, "event " + i + " of the file");
                assertEquals(all.get(i).name(), m.type());
            }
            SimulatedRun.append(file, next.substring(next.length() / 2));
            StringBuilder rest = new StringBuilder();
            all.subList(k + 1, all.size()).forEach(e -> rest.append(SimulatedRun.toLine(e)));
            SimulatedRun.append(file, rest.toString());
            SseReader.Message completed = sse.next();
            assertEquals(all.get(k).name(), completed.type(), "the half-written line arrives whole");
            assertEquals(all.get(k).get("step"), completed.event().get("step"));
            List<SseReader.Message> more = sse.until("run_finished");
            assertTrue(more.stream().anyMatch(m -> m.type().equals("consolidation")));
        }
    }

    @Test
    void completedRunReplaysItsEventsFile() throws Exception {
        new SimulatedRun("old", 3, 8, 4).writeCompleted(runs.resolve("old"));
        try (SseReader sse = new SseReader(eventsUrl("old"))) {
            List<SseReader.Message> all = sse.until("run_finished");
            assertEquals(3, all.stream().filter(m -> m.type().equals("task_evaluated")).count());
            assertEquals(24, all.stream().filter(m -> m.type().equals("step")).count());
        }
    }

    @Test
    void eventsNeedAKnownRunAndTheEventStreamAcceptHeader() throws Exception {
        assertEquals(404, Http.get(server.port(), "/api/runs/none/events", Map.of("Accept", "text/event-stream")).status());
        assertEquals(400, Http.get(server.port(), "/api/runs/a..b/events", Map.of("Accept", "text/event-stream")).status());
        new SimulatedRun("old", 1, 2, 1).writeCompleted(runs.resolve("old"));
        assertEquals(406, Http.get(server.port(), "/api/runs/old/events").status());
    }

    @Test
    void aSlowClientIsDroppedAndNeverHoldsThePublisher() throws Exception {
        EventBus bus = new EventBus();
        server.attach("burst", runs.resolve("burst"), bus);
        // a client that connects and never reads
        try (java.net.Socket idle = new java.net.Socket("127.0.0.1", server.port());
             SseReader reader = new SseReader(eventsUrl("burst"))) {
            idle.getOutputStream().write(("GET /api/runs/burst/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes());
            SimulatedRun big = new SimulatedRun("burst", 4, 3000, 50);
            big.play(bus::onEvent, () -> { });
            // the publisher returned (it never waits on a client); the reading client gets it all
            SseReader.Message last = null;
            for (SseReader.Message m : reader.until("run_finished")) {
                last = m;
            }
            assertEquals("run_finished", last.type());
        }
    }
}
