package org.tasl.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.event.EventBus;
import org.tasl.util.Json;

/** The process-wide server the kernel, the bindings and ./tasl run --dashboard share. */
class DashboardSharedTest {
    @TempDir
    Path runs;

    @AfterEach
    void stop() {
        Dashboard.closeShared();
    }

    @Test
    void oneServerPerProcess() {
        DashboardServer a = Dashboard.shared(runs);
        assertSame(a, Dashboard.shared(runs.resolve("elsewhere")));
        assertSame(a, Dashboard.shared());
        assertTrue(a.url().startsWith("http://127.0.0.1:"), a.url());
    }

    @Test
    void watchServesARunLiveByItsFolderName() throws Exception {
        Path dir = Files.createDirectories(runs.resolve("2026-11-27-taslora"));
        EventBus bus = new EventBus();
        String url = Dashboard.watch(dir, bus);
        DashboardServer server = Dashboard.shared();
        assertEquals(server.url("2026-11-27-taslora"), url);
        new SimulatedRun("2026-11-27-taslora", 1, 4, 2).play(bus::onEvent, () -> { });
        try (SseReader sse = new SseReader("http://127.0.0.1:" + server.port() + "/api/runs/2026-11-27-taslora/events")) {
            List<SseReader.Message> all = sse.until("run_finished");
            assertEquals("run_started", all.get(0).type());
        }
        Map<?, ?> d = Json.parseObject(Http.get(server.port(), "/api/runs/2026-11-27-taslora").body(), "response");
        assertEquals("completed", d.get("status"));
    }

    @Test
    void inlineFrameEscapesTheUrl() {
        String html = Dashboard.inlineFrame("http://127.0.0.1:1/?run=a&token=x\"y", 600);
        assertTrue(html.contains("src=\"http://127.0.0.1:1/?run=a&amp;token=x&quot;y\""), html);
        assertTrue(html.contains("height=\"600\""));
    }
}
