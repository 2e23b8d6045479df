package org.tasl.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tasl-js kernel driven by jupyter_client (js_client_check.py): execute, let/const across
 * cells, console streams, display and Symbol.for("Jupyter.display"), errors with the JavaScript
 * stack and the Java cause, %%python both ways, %%java, line magics, completion, inspection,
 * is_complete, interrupt of a loop and (with a cached backbone) of a running experiment, restart.
 * Uses the kernelspecs JupyterClientsTest installs; skipped like it.
 */
class JsKernelClientsTest {
    @TempDir
    static Path prefix;

    @BeforeAll
    static void setUp() throws Exception {
        JupyterClientsTest.prefix = prefix;
        JupyterClientsTest.setUp();
        assertTrue(Files.isRegularFile(prefix.resolve("share/jupyter/kernels/tasl-js/kernel.json")),
                "./tasl kernel install did not write the tasl-js kernelspec");
    }

    @Test
    void everyMessageKindOverJupyterClient(@TempDir Path tmp) throws Exception {
        List<String> args = new ArrayList<>();
        String backbone = cachedBackbone();
        if (backbone != null) {
            args.add("--train");
            args.add(backbone);
        }
        Path file = JupyterClientsTest.copyScript("js_client_check.py", tmp);
        List<String> cmd = new ArrayList<>(List.of(JupyterClientsTest.python, file.toString()));
        cmd.addAll(args);
        JupyterClientsTest.Result r = JupyterClientsTest.exec(cmd, 1800);
        System.out.println(r.output());
        assertEquals(0, r.code(), r.output());
        assertTrue(r.output().contains("ok restart") && r.output().contains("ok shutdown"), r.output());
    }

    /** The smallest cached backbone for the training interrupt, or null. */
    static String cachedBackbone() {
        String cache = System.getenv("TASL_CACHE");
        Path base = cache != null ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache", "tasl");
        for (String name : List.of("all-minilm-l6-v2", "bert-base-uncased")) {
            if (Files.isRegularFile(base.resolve("backbones").resolve(name).resolve("tasl-cache.json"))) {
                return name;
            }
        }
        return null;
    }
}
