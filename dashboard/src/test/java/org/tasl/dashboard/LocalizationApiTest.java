package org.tasl.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/**
 * {@code GET /api/runs/{id}/localization}: a {@code ./tasl localize} run directory's
 * localization.json (hand-made here), checked and read at 20 %.
 */
class LocalizationApiTest {
    /** agnews: zero-shot 25, trained 85; at 20 % removing the top units keeps 0.40 of the gain, random 0.85. */
    static final String LOCALIZED = """
            {"task":"agnews","backbone":"all-minilm-l6-v2","zero_shot":25.0,"trained":85.0,
             "fractions":[0.1,0.2,0.4],
             "curves":{"remove_top":[0.8,0.4,0.1],"remove_random":[0.95,0.85,0.7],"remove_bottom":[1.0,1.0,0.98],
                       "keep_top":[0.5,0.75,0.9],"keep_random":[0.1,0.3,0.6]},
             "spread":{"remove_random":{"sd":[0.02,0.05,0.08],"min":[0.93,0.8,0.6],"max":[0.97,0.9,0.8]},
                       "keep_random":{"sd":[0.05,0.1,0.1],"min":[0.05,0.2,0.5],"max":[0.15,0.4,0.7]}}}
            """;

    @TempDir
    static Path root;
    static DashboardServer server;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Path runs = Files.createDirectories(root.resolve("runs"));
        new SimulatedRun("plain", 2, 10, 5).writeCompleted(runs.resolve("plain"));
        Path loc = runs.resolve("localize-agnews");
        new SimulatedRun("localize-agnews", 1, 10, 5).writeCompleted(loc);
        Files.writeString(loc.resolve("localization.json"), LOCALIZED);
        // the top 20 % cost 0.25 of the gain, random 0.15: less than twice, so not localized by the removal test
        Path weak = runs.resolve("localize-weak");
        new SimulatedRun("localize-weak", 1, 10, 5).writeCompleted(weak);
        Files.writeString(weak.resolve("localization.json"), LOCALIZED.replace("[0.8,0.4,0.1]", "[0.8,0.75,0.1]"));
        Path broken = runs.resolve("localize-broken");
        new SimulatedRun("localize-broken", 1, 10, 5).writeCompleted(broken);
        Files.writeString(broken.resolve("localization.json"), LOCALIZED.replace("[0.5,0.75,0.9]", "[0.5,0.75]"));
        server = DashboardServer.start(runs, null, 0);
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void servesTheCurvesAndScores() throws Exception {
        Http.Response r = Http.get(port, "/api/runs/localize-agnews/localization");
        assertEquals(200, r.status(), r.body());
        Map<String, Object> m = Json.parseObject(r.body(), "response");
        assertEquals("agnews", m.get("task"));
        assertEquals(25.0, ((Number) m.get("zero_shot")).doubleValue());
        assertEquals(85.0, ((Number) m.get("trained")).doubleValue());
        assertEquals(List.of(0.1, 0.2, 0.4), m.get("fractions"));
        Map<?, ?> curves = (Map<?, ?>) m.get("curves");
        assertEquals(List.of("remove_top", "remove_random", "remove_bottom", "keep_top", "keep_random"),
                List.copyOf(curves.keySet()));
        assertEquals(List.of(0.1, 0.3, 0.6), curves.get("keep_random"));
        Map<?, ?> spread = (Map<?, ?>) ((Map<?, ?>) m.get("spread")).get("keep_random");
        assertEquals(List.of(0.05, 0.2, 0.5), spread.get("min"));
        assertEquals(List.of(0.15, 0.4, 0.7), spread.get("max"));
    }

    @Test
    void readsTheTestAtTwentyPercent() throws Exception {
        Map<?, ?> at = (Map<?, ?>) Json.parseObject(Http.get(port, "/api/runs/localize-agnews/localization").body(), "r").get("at");
        assertEquals(0.2, ((Number) at.get("fraction")).doubleValue());
        // removal costs 1 - kept: top 1 - 0.40 = 0.60, random 1 - 0.85 = 0.15; 0.60 >= 2 x 0.15
        assertEquals(0.60, ((Number) at.get("remove_top_cost")).doubleValue(), 1e-12);
        assertEquals(0.15, ((Number) at.get("remove_random_cost")).doubleValue(), 1e-12);
        assertEquals(true, at.get("removal_holds"));
        // the top graft keeps 0.75 of the gain, the random one 0.30
        assertEquals(true, at.get("graft_holds"));
        assertEquals(true, at.get("localized"));

        Map<?, ?> weak = (Map<?, ?>) Json.parseObject(Http.get(port, "/api/runs/localize-weak/localization").body(), "r").get("at");
        // top costs 1 - 0.75 = 0.25 < 2 x 0.15 = 0.30
        assertEquals(0.25, ((Number) weak.get("remove_top_cost")).doubleValue(), 1e-12);
        assertEquals(false, weak.get("removal_holds"));
        assertEquals(true, weak.get("graft_holds"));
        assertEquals(false, weak.get("localized"));
    }

    @Test
    void verdictUsesTheFractionNearestTwentyPercent() {
        Map<String, List<Double>> curves = Map.of(
                "remove_top", List.of(0.9, 0.8, 0.5, 0.2), "remove_random", List.of(0.99, 0.95, 0.9, 0.8),
                "remove_bottom", List.of(1.0, 1.0, 1.0, 1.0), "keep_top", List.of(0.1, 0.2, 0.3, 0.9),
                "keep_random", List.of(0.1, 0.2, 0.4, 0.5));
        Map<String, Object> at = LocalizationView.verdict(List.of(0.05, 0.1, 0.25, 0.4), curves, 30);
        // |0.25 - 0.2| = 0.05 < |0.1 - 0.2| = 0.1: read at 25 %; keep_top 0.3 < keep_random 0.4 there
        assertEquals(0.25, at.get("fraction"));
        assertEquals(0.5, (Double) at.get("remove_top_cost"), 1e-12);
        assertEquals(true, at.get("removal_holds"));
        assertEquals(false, at.get("graft_holds"));
        // no gain to localize (trained at or below zero-shot): nothing holds
        Map<String, Object> none = LocalizationView.verdict(List.of(0.05, 0.1, 0.25, 0.4), curves, 0);
        assertEquals(false, none.get("learned"));
        assertEquals(false, none.get("removal_holds"));
        assertEquals(false, none.get("localized"));
    }

    @Test
    void runListAndDetailSayWhichRunsHaveCurves() throws Exception {
        List<?> runs = Json.mapper().readValue(Http.get(port, "/api/runs").body(), List.class);
        for (Object o : runs) {
            Map<?, ?> r = (Map<?, ?>) o;
            assertEquals(!r.get("id").equals("plain"), r.get("localization"), String.valueOf(r));
        }
        assertEquals(true, Json.parseObject(Http.get(port, "/api/runs/localize-agnews").body(), "r").get("localization"));
        assertEquals(false, Json.parseObject(Http.get(port, "/api/runs/plain").body(), "r").get("localization"));
    }

    @Test
    void aRunWithoutCurvesIs404() throws Exception {
        Http.Response r = Http.get(port, "/api/runs/plain/localization");
        assertEquals(404, r.status());
        assertTrue(r.body().contains("no localization.json"), r.body());
        assertEquals(404, Http.get(port, "/api/runs/nope/localization").status());
        assertEquals(400, Http.get(port, "/api/runs/a..b/localization").status());
    }

    @Test
    void aBrokenFileNamesTheFileAndField() throws Exception {
        Http.Response r = Http.get(port, "/api/runs/localize-broken/localization");
        assertEquals(500, r.status());
        assertTrue(r.body().contains("localize-broken/localization.json"), r.body());
        assertTrue(r.body().contains("curves.keep_top"), r.body());
        assertTrue(r.body().contains("2 points for 3 fractions"), r.body());
        assertFalse(r.body().contains(root.toString()), "paths are shown relative to the runs directory: " + r.body());
    }
}
