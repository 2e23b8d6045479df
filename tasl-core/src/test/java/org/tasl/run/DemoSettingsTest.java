package org.tasl.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which stream {@code ./tasl demo} runs, with and without benchmark data, and what it says about it. */
class DemoSettingsTest {
    @TempDir
    Path tmp;

    private Path withLongSequence() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("long-sequence/train"));
        Files.writeString(data.resolve("long-sequence/train/dbpedia.json"), "[]");
        return data;
    }

    @Test
    void withoutDataTheBuiltInStreamAndTheFolderLookedIn() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        DemoSettings.Choice c = DemoSettings.choose(empty.toString(), null);
        assertEquals("builtin", c.config().get(RunOptions.BENCHMARK));
        assertEquals(List.of("count", "sentiment", "topic", "negation"), c.config().get(RunOptions.TASKS));
        assertEquals(128, c.config().get(RunOptions.TRAIN_PER_TASK));
        // one schedule for every method: O-LoRA's constant-lr default would otherwise win over the demo's
        assertEquals(false, c.config().get(RunOptions.CONSTANT_LR));
        assertTrue(c.config().isSet(RunOptions.CONSTANT_LR));
        assertTrue(c.note().contains("No benchmark data in " + empty), c.note());
    }

    @Test
    void withStandardClInstalledTheBuiltInStreamAndWhyNotStandardCl() throws Exception {
        Path data = withLongSequence();
        DemoSettings.Choice c = DemoSettings.choose(data.toString(), null);
        // measured: amazon and yahoo are not learned within 5 minutes on 2 cores, so the demo keeps the stream it can show
        assertEquals("builtin", c.config().get(RunOptions.BENCHMARK));
        assertTrue(c.note().contains("Benchmark data found in " + data), c.note());
        assertTrue(c.note().contains("amazon") && c.note().contains("yahoo"), c.note());
        assertTrue(c.note().contains("./tasl demo --benchmark long-sequence"), c.note());
        assertEquals(c.config().explicit(), DemoSettings.defaults(data.toString()).explicit(), "defaults = the demo's choice");
    }

    @Test
    void askingForLongSequenceGivesStandardClOrderFourAtTheMeasuredBudget() throws Exception {
        DemoSettings.Choice c = DemoSettings.choose(withLongSequence().toString(), "long-sequence");
        assertEquals("long-sequence", c.config().get(RunOptions.BENCHMARK));
        assertEquals(4, c.config().get(RunOptions.ORDER));
        assertNull(c.config().get(RunOptions.TASKS), "the order names the tasks");
        assertEquals(256, c.config().get(RunOptions.TRAIN_PER_TASK));
        assertEquals(2, c.config().get(RunOptions.EPOCHS));
        assertEquals("labels", c.config().get(RunOptions.LABEL_LOSS));
        assertTrue(c.note().startsWith("Standard CL order 4, as asked"), c.note());
    }

    @Test
    void askingForTheBuiltInStreamOrAnotherBenchmark() throws Exception {
        Path data = withLongSequence();
        DemoSettings.Choice builtin = DemoSettings.choose(data.toString(), "builtin");
        assertEquals("builtin", builtin.config().get(RunOptions.BENCHMARK));
        assertEquals("The built-in stream, as asked.", builtin.note());
        DemoSettings.Choice superni = DemoSettings.choose(data.toString(), "superni");
        assertEquals("superni", superni.config().get(RunOptions.BENCHMARK));
        assertNull(superni.config().get(RunOptions.TASKS));
        assertEquals("all-minilm-l6-v2", superni.config().get(RunOptions.BACKBONE));
    }
}
