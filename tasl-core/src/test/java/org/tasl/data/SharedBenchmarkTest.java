package org.tasl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tasl.eval.MetricKind;

/** Reads the real benchmarks when they are present ($TASL_DATA or ../shared/benchmarks); skips otherwise. */
class SharedBenchmarkTest {

    static Path sharedData() {
        String env = System.getenv("TASL_DATA");
        if (env != null && Files.isDirectory(Path.of(env, "long-sequence"))) {
            return Path.of(env);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("../shared/benchmarks").normalize();
            if (Files.isDirectory(c.resolve("long-sequence"))) {
                return c;
            }
        }
        return null;
    }

    @Test
    void standardClOrder4() {
        Path d = sharedData();
        Assumptions.assumeTrue(d != null, "no benchmark data ($TASL_DATA or ../shared/benchmarks): skipped");
        Benchmark b = new BenchmarkLoader(d).load("long-sequence", 4, null,
                BenchmarkLoader.Options.defaults().withSizes(200, 100));
        assertEquals(List.of("dbpedia", "amazon", "yahoo", "agnews"), b.taskNames());
        assertEquals(14, b.task("dbpedia").labels().size());
        assertEquals(List.of("Business", "Science or Technology", "Sports", "World"), b.task("agnews").labels());
        assertEquals(10, b.task("yahoo").labels().size());
        for (Task t : b.tasks()) {
            assertEquals(200, t.train().size());
            assertEquals(100, t.eval().size());
            assertTrue(t.train().get(0).input().endsWith("Answer:"));
        }
        assertEquals(8, b.checksums().size());
    }

    @Test
    void mnliDropsItsDashRows() {
        Path d = sharedData();
        Assumptions.assumeTrue(d != null, "no benchmark data: skipped");
        Task t = new BenchmarkLoader(d).load("long-sequence", null, List.of("mnli"),
                BenchmarkLoader.Options.defaults()).task("mnli");
        assertEquals(List.of("contradiction", "entailment", "neutral"), t.labels());
        assertEquals(6, t.droppedEvalRows());
        assertEquals(494, t.eval().size());
    }

    @Test
    void superniOrder1() {
        Path d = sharedData();
        Assumptions.assumeTrue(d != null && Files.isDirectory(d.resolve("superni")), "no SuperNI data: skipped");
        Benchmark b = new BenchmarkLoader(d).load("superni", 1, null,
                BenchmarkLoader.Options.defaults().withSizes(20, 10));
        assertEquals(15, b.size());
        assertEquals(MetricKind.ROUGE_L, b.tasks().get(0).metric());
        assertTrue(b.tasks().get(0).train().get(0).input().startsWith("[INS]"));
    }
}
