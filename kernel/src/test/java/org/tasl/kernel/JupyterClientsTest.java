package org.tasl.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel driven by real Jupyter clients from Debian (jupyter_client, nbclient), started
 * through the repository's ./tasl launcher from a kernelspec installed in a temp prefix. Needs
 * the packaged build (cli/target/classpath.txt: `mvn -q -DskipTests package` first, as
 * `./tasl test` does); skipped with a message when the clients or the build are missing.
 * The Python scripts shut their kernels down in finally blocks.
 */
class JupyterClientsTest {
    static Path repo;
    static String python;
    @TempDir
    static Path prefix;

    @BeforeAll
    static void setUp() throws Exception {
        repo = Path.of("").toAbsolutePath().getParent();
        assumeTrue(Files.isRegularFile(repo.resolve("tasl")) && Files.isRegularFile(repo.resolve("cli/target/classpath.txt")),
                "kernel tests skipped: run `mvn -q -DskipTests package` at the repository root first (./tasl test does)");
        python = findPython().orElse(null);
        assumeTrue(python != null, "kernel tests skipped: python3 -c 'import jupyter_client, nbclient' fails; install the Debian"
                + " clients: apt-get install -y --no-install-recommends jupyter-nbconvert python3-nbclient jupyter-client python3-nbformat python3-ipykernel");
        Result r = exec(List.of(repo.resolve("tasl").toString(), "kernel", "install", "--prefix", prefix.toString()), 600);
        assertEquals(0, r.code, r.output);
        assertTrue(Files.isRegularFile(prefix.resolve("share/jupyter/kernels/tasl/kernel.json")), r.output);
    }

    static Optional<String> findPython() {
        for (String p : List.of("python3", "/usr/bin/python3")) {
            try {
                if (exec(List.of(p, "-c", "import jupyter_client, nbclient, nbformat"), 120).code == 0) {
                    return Optional.of(p);
                }
            } catch (IOException | InterruptedException e) {
                // not this one
            }
        }
        return Optional.empty();
    }

    @Test
    void notebookWithEveryFeatureRunsUnderNbclient(@TempDir Path tmp) throws Exception {
        Result r = script("notebook_check.py", tmp, tmp.resolve("executed.ipynb").toString());
        System.out.println(r.output);
        assertEquals(0, r.code, r.output);
        assertTrue(r.output.contains("ok notebook"), r.output);
    }

    @Test
    void completionInspectionIsCompleteAndInterruptOverJupyterClient(@TempDir Path tmp) throws Exception {
        List<String> args = new ArrayList<>();
        // The training interrupt needs a cached backbone; without one the loop interrupt still runs.
        Path cached = Path.of(System.getProperty("user.home"), ".cache", "tasl", "backbones", "all-minilm-l6-v2");
        if (System.getenv("TASL_CACHE") != null) {
            cached = Path.of(System.getenv("TASL_CACHE"), "backbones", "all-minilm-l6-v2");
        }
        if (Files.isDirectory(cached)) {
            args.add("--train");
            args.add("all-minilm-l6-v2");
        }
        Result r = script("client_check.py", tmp, args.toArray(String[]::new));
        System.out.println(r.output);
        assertEquals(0, r.code, r.output);
        assertTrue(r.output.contains("ok usable after interrupt") && r.output.contains("ok shutdown"), r.output);
    }

    @Test
    void kernelExitsWhenTheProcessThatStartedItDies(@TempDir Path tmp) throws Exception {
        Result r = script("orphan_check.py", tmp);
        Matcher m = Pattern.compile("kernel pid (\\d+)").matcher(r.output);
        assertTrue(m.find(), r.output);
        long pid = Long.parseLong(m.group(1));
        Optional<ProcessHandle> kernel = ProcessHandle.of(pid);
        if (kernel.isPresent()) {
            try {
                kernel.get().onExit().get(120, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                kernel.get().destroyForcibly();
            }
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                "the kernel " + pid + " outlived its client\n" + r.output);
    }

    private Result script(String name, Path tmp, String... args) throws Exception {
        Path file = copyScript(name, tmp);
        List<String> cmd = new ArrayList<>(List.of(python, file.toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, 1500);
    }

    /** Copies a check script, and the helpers the client checks share, into {@code tmp}. */
    static Path copyScript(String name, Path tmp) throws IOException {
        for (String f : List.of(name, "jupyter_checks.py")) {
            try (InputStream in = JupyterClientsTest.class.getResourceAsStream(f)) {
                Files.write(tmp.resolve(f), in.readAllBytes());
            }
        }
        return tmp.resolve(name);
    }

    record Result(int code, String output) {}

    static Result exec(List<String> cmd, int timeoutS) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JUPYTER_PATH", prefix == null ? "" : prefix.resolve("share/jupyter").toString());
        pb.environment().put("TASL_MVN_OFFLINE", "1");
        Path log = Files.createTempFile("tasl-kernel-test", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutS + " s: " + cmd + "\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
