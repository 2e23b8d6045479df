package org.tasl.data.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tasl.data.BenchmarkLoader;
import org.tasl.data.Example;

class UpstreamConverterTest {
    private static final UpstreamSource.Task CB = UpstreamSource.tasks("long-sequence").stream()
            .filter(t -> t.name().equals("cb")).findFirst().orElseThrow();

    /** The first row of O-LoRA's CL_Benchmark/NLI/CB/train.json, verbatim. */
    private static final Map<String, Object> RAW_CB_ROW = Map.of("label", "contradiction", "sentence",
            "sentence 1: He's weird enough to have undressed me without thinking, according to some mad notion of the "
                    + "``proper'' thing to do. Perhaps he thought I couldn't lie in bed with my clothes on.\n"
                    + "sentence 2: she couldn't lie in bed with her clothes on");

    @Test
    void theConvertedPromptIsTheOneTheBenchmarkPublishes() {
        Assumptions.assumeTrue(sharedData() != null, "no ../shared/benchmarks: skipped");
        List<Map<String, Object>> rows = UpstreamConverter.longSequence(CB,
                List.of("entailment", "contradiction", "neutral"), List.of(RAW_CB_ROW), "train", "test");
        List<Example> published = BenchmarkLoader.readRows(sharedData().resolve("long-sequence/train/cb.json.gz"), "cb");
        Example match = published.stream().filter(e -> e.input().equals(rows.get(0).get("input"))).findFirst()
                .orElse(null);
        assertTrue(match != null, "converted prompt not found in the published cb split:\n" + rows.get(0).get("input"));
        assertEquals("contradiction", match.output());
    }

    @Test
    void largeSplitsAreCutToTheirPublishedSizeKeepingUpstreamOrder() {
        List<Map<String, Object>> raw = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            raw.add(Map.of("label", "entailment", "sentence", "s" + i));
        }
        List<Map<String, Object>> train = UpstreamConverter.longSequence(CB, List.of("entailment"), raw, "train", "t");
        List<Map<String, Object>> dev = UpstreamConverter.longSequence(CB, List.of("entailment"), raw, "dev", "t");
        assertEquals(1000, train.size());
        assertEquals(500, dev.size());
        assertEquals("CB_0", train.get(0).get("id"));
        List<Integer> order = train.stream().map(r -> (String) r.get("input"))
                .map(s -> Integer.parseInt(s.substring(s.indexOf("\ns") + 2, s.indexOf("\nAnswer:")))).toList();
        assertEquals(order.stream().sorted().toList(), order);
        assertEquals(train, UpstreamConverter.longSequence(CB, List.of("entailment"), raw, "train", "t"),
                "the cut is seeded");
    }

    @Test
    void labelsFallBackToTheTrainLabelsInOrderOfAppearance() {
        List<Map<String, Object>> raw = List.of(Map.of("label", "B", "sentence", "x"), Map.of("label", "A", "sentence",
                "y"), Map.of("label", "B", "sentence", "z"));
        assertEquals(List.of("B", "A"), UpstreamConverter.labels(null, raw, "copa"));
        assertEquals(List.of("A", "B"), UpstreamConverter.labels(List.of("A", "B"), raw, "copa"));
    }

    static Path sharedData() {
        String env = System.getenv("TASL_DATA");
        if (env != null && Files.isDirectory(Path.of(env, "long-sequence"))) {
            return Path.of(env);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("../shared/benchmarks").normalize();
            if (Files.isRegularFile(c.resolve("long-sequence/train/cb.json.gz"))) {
                return c;
            }
        }
        return null;
    }
}
