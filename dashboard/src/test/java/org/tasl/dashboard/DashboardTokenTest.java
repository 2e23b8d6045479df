package org.tasl.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bound to every address (0.0.0.0), the dashboard answers only requests with its token. */
class DashboardTokenTest {
    @TempDir
    static Path runs;
    static DashboardServer server;
    static int port;

    @BeforeAll
    static void start() {
        new SimulatedRun("r1", 2, 10, 5).writeCompleted(runs.resolve("r1"));
        server = DashboardServer.start(runs, "0.0.0.0", 0);
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRandomTokenIsMadeAndPutInTheUrl() {
        assertNotNull(server.token());
        assertTrue(server.token().length() >= 32, "24 random bytes, base64url");
        assertTrue(server.url().endsWith("/?token=" + server.token()), server.url());
        assertTrue(server.url("r1").endsWith("?run=r1&token=" + server.token()), server.url("r1"));
    }

    @Test
    void missingTokenIs401() throws Exception {
        for (String path : new String[] {"/", "/api/runs", "/api/runs/r1", "/api/runs/r1/matrix", "/api/runs/r1/importance?task=0"}) {
            Http.Response r = Http.get(port, path);
            assertEquals(401, r.status(), path);
            assertTrue(r.body().contains("token required"), r.body());
        }
        assertEquals(401, Http.get(port, "/api/runs/r1/events", Map.of("Accept", "text/event-stream")).status());
    }

    @Test
    void wrongTokenIs403() throws Exception {
        assertEquals(403, Http.get(port, "/api/runs?token=nope").status());
        assertEquals(403, Http.get(port, "/api/runs", Map.of("X-Tasl-Token", server.token() + "x")).status());
    }

    @Test
    void rightTokenAsQueryOrHeader() throws Exception {
        assertEquals(200, Http.get(port, "/api/runs?token=" + server.token()).status());
        assertEquals(200, Http.get(port, "/api/runs/r1", Map.of("X-Tasl-Token", server.token())).status());
        assertEquals(200, Http.get(port, "/?token=" + server.token()).status());
        try (SseReader sse = new SseReader("http://127.0.0.1:" + port + "/api/runs/r1/events?token=" + server.token())) {
            assertEquals(200, sse.status);
            assertEquals("run_started", sse.next().type());
        }
    }

    @Test
    void theTokenDoesNotOpenTraversal() throws Exception {
        Http.Response r = Http.get(port, "/api/runs/..%2F..%2Fetc?token=" + server.token());
        assertTrue(r.status() == 400 || r.status() == 404, "" + r.status());
    }

    @Test
    void assetsHoldNoDataAndNeedNoToken() throws Exception {
        assertEquals(200, Http.get(port, "/assets/app.js").status());
        assertEquals(200, Http.get(port, "/assets/app.css").status());
    }
}
