package org.tasl.bench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** `./tasl bench --compare --backbone NAME`: a misspelt name is an error, not a run on random weights. */
class CompareTest {

    @Test
    void anUnknownBackboneIsRefusedNamingItAndTheKnownOnes() {
        Compare.Options o = new Compare.Options("bert-bsae-uncased", 2, 16, 1, 1, 1, "python3",
                Path.of("native/bench/torch_reference.py"), "bf16", true, false);
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> Compare.run(o, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("'bert-bsae-uncased'") && e.getMessage().contains("bert-base-uncased"),
                e.getMessage());
    }
}
