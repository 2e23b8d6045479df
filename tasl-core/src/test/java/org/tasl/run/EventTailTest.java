package org.tasl.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.event.RunEvent;

class EventTailTest {
    @TempDir
    Path tmp;

    @Test
    void pollReturnsOnlyNewCompleteLines() throws IOException {
        Path f = tmp.resolve("events.jsonl");
        EventTail tail = new EventTail(f);
        assertEquals(List.of(), tail.poll(), "no file yet");
        try (EventLog log = new EventLog(f)) {
            log.onEvent(new RunEvent(RunEvent.Type.RUN_STARTED, "r", 1, Map.of("method", "tasl")));
            log.onEvent(new RunEvent(RunEvent.Type.STEP, "r", 2, Map.of("step", 1, "loss", 1.5)));
            List<RunEvent> first = tail.poll();
            assertEquals(List.of("run_started", "step"), first.stream().map(RunEvent::name).toList());
            assertEquals(List.of(), tail.poll());
            log.onEvent(new RunEvent(RunEvent.Type.STEP, "r", 3, Map.of("step", 2, "loss", 1.25)));
        }
        Files.writeString(f, "{\"type\":\"log\",\"run\":\"r\",\"ti", StandardOpenOption.APPEND);
        List<RunEvent> second = tail.poll();
        assertEquals(1, second.size());
        assertEquals(1.25, ((Number) second.get(0).get("loss")).doubleValue());
        Files.writeString(f, "me\":4,\"level\":\"info\",\"message\":\"é\"}\n", StandardOpenOption.APPEND);
        List<RunEvent> third = tail.poll();
        assertEquals("é", third.get(0).get("message"));
        assertEquals(Files.size(f), tail.position());
    }

    @Test
    void aLineThatIsNoEventIsReportedAndPassedOver() throws IOException {
        Path f = tmp.resolve("events.jsonl");
        Files.writeString(f, "{\"type\":\"log\",\"message\":\"a\"}\nnot json\n{\"type\":7}\n"
                + "{\"type\":\"step\",\"loss\":null}\n");
        List<Map<String, Object>> got = new java.util.ArrayList<>();
        List<String> bad = new java.util.ArrayList<>();
        new EventTail(f).poll(got::add, bad::add);
        assertEquals(2, got.size());
        assertEquals(java.util.Arrays.asList("step", null), java.util.Arrays.asList(got.get(1).get("type"),
                got.get(1).get("loss")));
        assertEquals(true, got.get(1).containsKey("loss"), "a null is kept as written");
        assertEquals(2, bad.size());
        assertEquals(true, bad.get(0).contains("events.jsonl: line 2: malformed JSON"), bad.get(0));
        assertEquals(true, bad.get(1).contains("line 3: an event needs a string 'type'"), bad.get(1));
    }

    @Test
    void aTypeFilterDeliversOnlyThoseEvents() throws IOException {
        Path f = tmp.resolve("events.jsonl");
        Files.writeString(f, "{\"type\":\"step\",\"note\":\"consolidation\"}\n{\"type\":\"consolidation\",\"task\":1}\n");
        List<Map<String, Object>> got = new java.util.ArrayList<>();
        new EventTail(f, java.util.Set.of("consolidation")).poll(got::add, bad -> { });
        // the step line mentions the word, so it is parsed, but its type is not asked for
        assertEquals(List.of(Map.of("type", "consolidation", "task", 1)), got);
    }
}
