package org.tasl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `./tasl demo`'s bad input fails before the first method trains, and never writes over a demo. */
class DemoCommandTest {

    @Test
    void aMisspeltMethodFailsBeforeAnyRun(@TempDir Path tmp) {
        Path out = tmp.resolve("demo");
        CliRun r = CliRun.execute("demo", "--methods", "tasl,seqlorra", "--benchmark", "builtin", "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("unknown method 'seqlorra'"), r.err());
        assertFalse(Files.exists(out.resolve("tasl")), "tasl must not have been trained first");
    }

    @Test
    void anExistingDemoFolderIsRefusedAndKept(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("demo");
        Files.createDirectories(out.resolve("seqlora"));
        Path config = Files.writeString(out.resolve("seqlora/config.json"), "{\"method\":\"seqlora\"}");
        CliRun r = CliRun.execute("demo", "--methods", "tasl,seqlora", "--benchmark", "builtin", "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("already holds a run of seqlora") && r.err().contains("another --out"), r.err());
        assertEquals("{\"method\":\"seqlora\"}", Files.readString(config));
        assertFalse(Files.exists(out.resolve("tasl")));
    }
}
