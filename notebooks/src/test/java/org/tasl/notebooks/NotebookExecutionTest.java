package org.tasl.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tasl.cli.JupyterClients;
import org.tasl.cli.Main;

/**
 * Executes every notebook top to bottom with the tasl kernel through nbclient, at the smallest
 * sizes (through the environment the notebooks read), and fails on any cell error. Skips when
 * the Jupyter clients are missing or the kernel module cannot install its kernelspec yet.
 */
class NotebookExecutionTest {
    /** The smallest settings: a couple of optimizer steps per task on the built-in stream. */
    static final List<String> SMALLEST = List.of(
            "TASL_NB_TRAIN=16", "TASL_NB_EVAL=8", "TASL_NB_TASKS=2", "TASL_NB_BENCHMARK=builtin",
            "TASL_NB_BACKBONE=all-minilm-l6-v2",
            "TASL_NB_METHODS=tasl,seqlora,olora,replay", "TASL_NB_ABLATION_DRAWS=1",
            "TASL_NB_TAUS=1.0", "TASL_NB_TOPS=0.4", "TASL_NB_FRACTIONS=0.2");

    @Test
    void everyNotebookRunsTopToBottomWithTheKernel(@TempDir Path tmp) throws Exception {
        Optional<String> python = JupyterClients.python();
        Assumptions.assumeTrue(python.isPresent(), "skipped: no python3 with nbclient, nbformat and jupyter_client "
                + "(Debian python3-nbclient jupyter-client python3-nbformat; ./tasl test installs them)");
        Optional<Path> spec = JupyterClients.installKernel(tmp.resolve("kernel-prefix"), "tasl");
        Assumptions.assumeTrue(spec.isPresent(), "skipped: `tasl kernel install --prefix` is not usable in this "
                + "build yet (the kernel module), so the notebooks cannot be executed with the tasl kernel");

        Path out = Path.of("target", "executed-notebooks").toAbsolutePath();
        List<String> args = new ArrayList<>(List.of("notebooks", "run", "--dir", NotebookFilesTest.folder().toString(),
                "--out", out.toString(), "--timeout", "900",
                "--env", "JUPYTER_PATH=" + spec.get(),
                "--env", "TASL_NB_OUT=" + tmp.resolve("runs")));
        for (String kv : SMALLEST) {
            args.add("--env");
            args.add(kv);
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int rc;
        try (PrintStream tee = new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8)) {
            System.setOut(tee);
            rc = Main.execute(args.toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, "a notebook cell failed:\n" + log);
        for (String name : NotebookFilesTest.EXPECTED) {
            assertTrue(Files.isRegularFile(out.resolve(name)), "no executed copy of " + name + " in " + out);
            assertTrue(log.contains("ok      " + name), "no success line for " + name + " in:\n" + log);
        }
    }

    /** Writes to the console and keeps a copy for the assertion message. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
