package org.tasl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.testing.SyntheticBenchmark;
import org.tasl.testing.TinyBertFolder;
import org.tasl.util.Json;

/**
 * {@code ./tasl localize --json} on a tiny BERT that learns one synthetic task: stdout is the
 * contract JSON alone, and the ends of the curves are what zeroing parameters must give —
 * removing every unit is the untrained backbone (gain share 0), keeping every unit is the
 * trained model (gain share 1).
 */
class LocalizeCommandTest {

    @Test
    void jsonHasTheContractKeysAndTheCurvesEndAtZeroAndOne(@TempDir Path tmp) throws Exception {
        Path backbone = TinyBertFolder.write(tmp.resolve("tiny"));
        Path data = SyntheticBenchmark.write(tmp.resolve("data"), 24, 12);
        Path out = tmp.resolve("loc");
        String[] args = {"localize", "--json", "--backbone", backbone.toString(), "--benchmark", SyntheticBenchmark.NAME,
            "--task", "color", "--data-dir", data.toString(), "--train-per-task", "24", "--eval-per-task", "12",
            "--batch-size", "4", "--lr", "0.05", "--warmup-steps", "1", "--epochs", "20", "--seed", "5",
            "--device", "cpu", "--max-input-tokens", "48", "--fractions", "0.5,1.0", "--seeds", "2", "--out",
            out.toString()};
        String stdout = run(args);
        Map<String, Object> json = Json.parseObject(stdout, "localize --json");
        assertEquals(List.of("task", "backbone", "zero_shot", "trained", "fractions", "curves", "spread"),
                new ArrayList<>(json.keySet()));
        assertEquals("color", json.get("task"));
        assertEquals(List.of(0.5, 1.0), json.get("fractions"));
        double zeroShot = ((Number) json.get("zero_shot")).doubleValue();
        double trained = ((Number) json.get("trained")).doubleValue();
        assertNotEquals(zeroShot, trained, "the tiny model learned the task (else there is no gain to share)");
        @SuppressWarnings("unchecked")
        Map<String, List<Number>> curves = (Map<String, List<Number>>) json.get("curves");
        assertEquals(Set.of("remove_top", "remove_random", "remove_bottom", "keep_top", "keep_random"), curves.keySet());
        for (List<Number> c : curves.values()) {
            assertEquals(2, c.size());
        }
        assertEquals(0.0, curves.get("remove_top").get(1).doubleValue(), 1e-9, "every unit removed = zero-shot");
        assertEquals(0.0, curves.get("remove_random").get(1).doubleValue(), 1e-9);
        assertEquals(1.0, curves.get("keep_top").get(1).doubleValue(), 1e-9, "every unit kept = trained");
        assertEquals(1.0, curves.get("keep_random").get(1).doubleValue(), 1e-9);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, List<Number>>> spread = (Map<String, Map<String, List<Number>>>) json.get("spread");
        assertEquals(Set.of("remove_random", "keep_random"), spread.keySet());
        assertEquals(0.0, spread.get("keep_random").get("sd").get(1).doubleValue(), 1e-9, "all units: no spread");
        assertEquals(json, Json.readObject(out.resolve("localization.json")), "the file holds the same JSON");
        assertTrue(Files.exists(out.resolve("results.json")), "the training run is an ordinary run directory");

        // A second call on the same --out reuses the trained run and measures the same curves.
        assertEquals(json, Json.parseObject(run(args), "localize --json (reused)"));
    }

    @Test
    void helpListsItsOwnAndEveryRunOption() {
        String help = run("localize", "--help");
        for (String option : List.of("--task", "--fractions", "--seeds", "--json", "--granularity", "--importance",
                "--importance-permuted", "--backbone", "--train-per-task")) {
            assertTrue(help.contains(option), option + " in:\n" + help);
        }
    }

    private static String run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            assertEquals(0, code, () -> err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
