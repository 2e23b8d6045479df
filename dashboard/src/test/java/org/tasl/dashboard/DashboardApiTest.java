package org.tasl.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.util.Json;

/** The JSON API over a runs directory holding one finished run and one cut short after two tasks. */
class DashboardApiTest {
    @TempDir
    static Path root;
    static DashboardServer server;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Path runs = Files.createDirectories(root.resolve("runs"));
        new SimulatedRun("done", 4, 20, 10).writeCompleted(runs.resolve("done"));
        SimulatedRun partial = new SimulatedRun("partial", 4, 20, 10);
        Path p = Files.createDirectories(runs.resolve("partial"));
        SimulatedRun.writeAtomically(p.resolve("config.json"), Json.compact(partial.config("tasl")));
        partial.writeTask(p, 0);
        partial.writeTask(p, 1);
        // a file outside the runs directory that no request may reach
        Path secret = Files.createDirectories(root.resolve("secret"));
        Files.writeString(secret.resolve("config.json"), "{\"method\":\"SECRET-MARKER\"}");
        Files.createDirectories(runs.resolve("not-a-run"));
        server = DashboardServer.start(runs, null, 0);
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void bindsLoopbackWithoutToken() {
        assertNull(server.token());
        assertEquals("http://127.0.0.1:" + port + "/", server.url());
    }

    @Test
    void listsRunFoldersOnly() throws Exception {
        List<Object> runs = Json.mapper().readValue(Http.get(port, "/api/runs").body(), List.class);
        List<Object> ids = new java.util.ArrayList<>(); runs.forEach(r -> ids.add(((Map<?, ?>) r).get("id")));
        assertEquals(2, ids.size(), "folders with run files only: " + ids);
        assertTrue(ids.containsAll(List.of("done", "partial")));
        Map<?, ?> done = (Map<?, ?>) runs.get(ids.indexOf("done"));
        assertEquals("completed", done.get("status"));
        assertEquals("taslora", done.get("method"));
        assertEquals(4, done.get("tasks_done"));
        Map<?, ?> partial = (Map<?, ?>) runs.get(ids.indexOf("partial"));
        assertEquals("incomplete", partial.get("status"));
        assertEquals(2, partial.get("tasks_done"));
    }

    @Test
    void runDetailHasConfigResultsAndProgress() throws Exception {
        Map<?, ?> d = Json.parseObject(Http.get(port, "/api/runs/partial").body(), "response");
        assertEquals("tasl", ((Map<?, ?>) d.get("config")).get("method"));
        assertNull(d.get("results"), "no results.json before the run ends");
        Map<?, ?> progress = (Map<?, ?>) d.get("progress");
        assertEquals(2, progress.get("tasks_done"));
        assertEquals(List.of(0, 1), progress.get("importance_tasks"));
        Map<?, ?> matrix = (Map<?, ?>) progress.get("matrix");
        // rows from task.json: after task 0 = [0.9, 0.11, 0.12, 0.13]; after task 1 = [0.87, 0.85, 0.12, 0.13]
        assertEquals(List.of(List.of(0.9, 0.11, 0.12, 0.13), List.of(0.87, 0.85, 0.12, 0.13)), matrix.get("matrix"));
        Map<?, ?> done = Json.parseObject(Http.get(port, "/api/runs/done").body(), "response");
        assertEquals("completed", ((Map<?, ?>) done.get("results")).get("status"));
    }

    @Test
    void matrixGivesApAndBwtAfterEachTask() throws Exception {
        Map<?, ?> m = Json.parseObject(Http.get(port, "/api/runs/done/matrix").body(), "response");
        assertEquals(List.of("dbpedia", "amazon", "yahoo", "agnews"), m.get("tasks"));
        List<?> ap = (List<?>) m.get("ap");
        List<?> bwt = (List<?>) m.get("bwt");
        // after task 1: row [0.87, 0.85]; AP = (0.87 + 0.85) / 2 = 0.86; BWT = 0.87 - 0.90 = -0.03
        assertEquals(0.86, ((Number) ap.get(1)).doubleValue(), 1e-9);
        assertEquals(-0.03, ((Number) bwt.get(1)).doubleValue(), 1e-9);
        assertNull(bwt.get(0));
        // after task 3: row [0.81, 0.79, 0.77, 0.75]; AP = 0.78; BWT = ((0.81-0.9)+(0.79-0.85)+(0.77-0.8))/3 = -0.06
        assertEquals(0.78, ((Number) ap.get(3)).doubleValue(), 1e-9);
        assertEquals(-0.06, ((Number) bwt.get(3)).doubleValue(), 1e-9);
    }

    @Test
    void importanceListsEveryUnitOfTheTask() throws Exception {
        Http.Response r = Http.get(port, "/api/runs/done/importance?task=1");
        assertEquals(200, r.status());
        List<?> units = Json.mapper().readValue(r.body(), List.class);
        assertEquals(SimulatedRun.LAYERS * SimulatedRun.MODULES.size() * SimulatedRun.RANKS, units.size());
        Map<?, ?> u = (Map<?, ?>) units.stream()
                .filter(x -> "encoder.layer.1.attention.self.value#rank0".equals(((Map<?, ?>) x).get("unit"))).findFirst().orElseThrow();
        // task 1's skill sits in layer 1, module 2 (attention.self.value): score = 1 * 1 / (1 + 0) + 0.01 * ((7 + 6 + 0) % 5) = 1.03
        assertEquals(1, u.get("layer"));
        assertEquals("attention.self.value", u.get("module"));
        assertEquals("rank", u.get("kind"));
        assertEquals(0, u.get("rank"));
        assertEquals(1.03, ((Number) u.get("score")).doubleValue(), 1e-12);
        assertEquals("current", u.get("category"));
        assertEquals(1.0, ((Number) u.get("weight")).doubleValue(), 0);
        assertTrue(u.containsKey("cumulative"));
    }

    @Test
    void importanceWithoutTaskGivesTheNewestTask() throws Exception {
        List<?> units = Json.mapper().readValue(Http.get(port, "/api/runs/partial/importance").body(), List.class);
        // task 1 is the newest: layer 0's query was task 0's skill (score 1.0), not task 1's (0.045)
        assertEquals("previous", ((Map<?, ?>) units.stream()
                .filter(x -> "encoder.layer.0.attention.self.query#rank0".equals(((Map<?, ?>) x).get("unit"))).findFirst().orElseThrow())
                .get("category"));
    }

    @Test
    void badTaskParameters() throws Exception {
        assertEquals(400, Http.get(port, "/api/runs/done/importance?task=abc").status());
        assertEquals(400, Http.get(port, "/api/runs/done/importance?task=-1").status());
        Http.Response missing = Http.get(port, "/api/runs/done/importance?task=9");
        assertEquals(404, missing.status());
        assertTrue(missing.body().contains("no importance for task 9"), missing.body());
    }

    @Test
    void unknownAndInvalidRunIds() throws Exception {
        assertEquals(404, Http.get(port, "/api/runs/nope").status());
        assertEquals(404, Http.get(port, "/api/runs/not-a-run").status(), "a folder without run files is no run");
        for (String bad : List.of("a..b", "bad%20id", "%2e%2e", "..", "x%00y", "%2e%2e%2fsecret", ".hidden")) {
            Http.Response r = Http.get(port, "/api/runs/" + bad);
            assertTrue(r.status() == 400 || r.status() == 404, bad + " -> " + r.status());
        }
        Http.Response r = Http.get(port, "/api/runs/a..b/matrix");
        assertEquals(400, r.status());
        assertTrue(r.body().contains("invalid run id"), r.body());
    }

    @Test
    void traversalNeverReachesFilesOutsideTheRunsDirectory() throws Exception {
        List<String> attempts = List.of(
                "/api/runs/..%2Fsecret", "/api/runs/%2e%2e%2Fsecret", "/api/runs/%2E%2E/secret",
                "/api/runs/../secret", "/api/runs/..%5Csecret", "/api/runs/%2Ftmp", "/api/runs//etc/passwd",
                "/api/runs/" + root.resolve("secret").toString().replace("/", "%2F"),
                "/api/runs/..%252Fsecret", "/api/runs/.%2e/secret/matrix", "/api/runs/%2e%2e/importance?task=0",
                "/api/runs/secret/../../secret", "/assets/..%2F..%2Fsecret%2Fconfig.json", "/assets/../../secret/config.json");
        for (String path : attempts) {
            Http.Response r = Http.get(port, path);
            assertTrue(r.status() == 400 || r.status() == 404, path + " -> " + r.status() + " " + r.body());
            assertFalse(r.body().contains("SECRET-MARKER"), path + " leaked the file outside the runs directory");
        }
    }

    @Test
    void symlinkOutOfTheRunsDirectoryIsNoRun() throws Exception {
        Path link = server.runsDir().resolve("escape");
        Files.createSymbolicLink(link, root.resolve("secret"));
        try {
            Http.Response r = Http.get(port, "/api/runs/escape");
            assertEquals(404, r.status());
            assertFalse(r.body().contains("SECRET-MARKER"));
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void readOnly() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE")) {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI
                    .create("http://127.0.0.1:" + port + "/api/runs/done").toURL().openConnection();
            c.setRequestMethod(method);
            assertTrue(c.getResponseCode() >= 400, method + " must not be served");
            c.disconnect();
        }
    }

    @Test
    void refusesRequestsAddressedToOtherHostNames() throws Exception {
        // a page on evil.example rebinding its name to 127.0.0.1 must not read runs
        Http.Response r = Http.get(port, "/api/runs", Map.of("Host", "evil.example:" + port));
        assertEquals(403, r.status());
        assertEquals(200, Http.get(port, "/api/runs", Map.of("Host", "localhost:" + port)).status());
    }

    @Test
    void servesThePageAndItsAssets() throws Exception {
        Http.Response page = Http.get(port, "/");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("assets/app.js"));
        assertTrue(page.headers().contains("Content-Security-Policy"));
        assertEquals(200, Http.get(port, "/assets/app.js").status());
        assertEquals(404, Http.get(port, "/assets/index.html").status());
    }
}
