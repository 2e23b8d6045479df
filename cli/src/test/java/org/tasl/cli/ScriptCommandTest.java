package org.tasl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptCommandTest {

    @Test
    void argumentsAfterTheScriptGoToItEvenWhenTheyLookLikeOptionsAndItsExitCodeComesBack(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("args.py");
        Files.writeString(script, "import sys\nsys.exit(10 + len(sys.argv) if sys.argv[1:] == ['--help', '-x', 'y'] else 1)\n");
        assertEquals(14, Main.execute("script", script.toString(), "--help", "-x", "y"));
    }
}
