package org.tasl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Jupyter clients of the machine (Debian's python3-nbclient, jupyter-client, nbformat) and
 * the tasl kernelspec, as the notebook runner and its test need them.
 */
public final class JupyterClients {
    /** Exit code of {@code notebooks run} when the clients or the kernel are missing. */
    public static final int MISSING = 3;

    private JupyterClients() {
    }

    /**
     * A Python 3 that imports nbclient, nbformat and jupyter_client: {@code $TASL_PYTHON}, else
     * Debian's {@code /usr/bin/python3} (a pyenv or venv python3 on PATH often lacks them),
     * else {@code python3} on PATH.
     */
    public static Optional<String> python() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("TASL_PYTHON");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.add("/usr/bin/python3");
        candidates.add("python3");
        for (String c : candidates) {
            if (succeeds(List.of(c, "-c", "import nbclient, nbformat, jupyter_client"), Map.of(), 60)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** True when Jupyter (with {@code extraEnv}) finds a kernelspec of this name. */
    public static boolean hasKernel(String python, String kernel, Map<String, String> extraEnv) {
        return succeeds(List.of(python, "-c", "import sys\nfrom jupyter_client.kernelspec import KernelSpecManager\n"
                + "sys.exit(0 if sys.argv[1] in KernelSpecManager().find_kernel_specs() else 1)", kernel), extraEnv, 60);
    }

    /**
     * Installs the tasl kernelspec under {@code prefix} with {@code ./tasl kernel install --prefix}
     * and returns the folder to put on JUPYTER_PATH (the one holding {@code kernels/}), or empty
     * when the kernel command is not usable in this build.
     */
    public static Optional<Path> installKernel(Path prefix, String kernel) throws IOException {
        Files.createDirectories(prefix);
        if (System.getProperty("tasl.home") == null) {
            // The kernelspec's argv starts the kernel through the project's ./tasl launcher.
            System.setProperty("tasl.home", NotebooksRunCommand.projectHome().toString());
        }
        int rc = Main.execute("kernel", "install", "--prefix", prefix.toString());
        if (rc != 0) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(prefix)) {
            return files.filter(p -> p.getFileName().toString().equals("kernel.json"))
                    .filter(p -> p.getParent().getFileName().toString().equals(kernel))
                    .filter(p -> p.getParent().getParent().getFileName().toString().equals("kernels"))
                    .map(p -> p.getParent().getParent().getParent())
                    .findFirst();
        }
    }

    /** JUPYTER_PATH with {@code first} in front of what the environment already has. */
    public static String jupyterPath(Path first) {
        String old = System.getenv("JUPYTER_PATH");
        return old == null || old.isBlank() ? first.toString() : first + java.io.File.pathSeparator + old;
    }

    static boolean succeeds(List<String> command, Map<String, String> extraEnv, int seconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putAll(extraEnv);
            Process p = pb.start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static String readResource(String name) throws IOException {
        try (var in = JupyterClients.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is missing from the CLI jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
