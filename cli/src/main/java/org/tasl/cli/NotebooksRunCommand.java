package org.tasl.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./tasl notebooks run [NAME...] [--out DIR]}: executes the teaching notebooks top to
 * bottom with the tasl Jupyter kernel through nbclient and writes the executed copies to a
 * build folder. Exit code 0 when every cell ran, 1 when a cell raised (the notebook and cell
 * are named), 3 when the Jupyter clients or the kernel are missing.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Execute notebooks with the tasl kernel (nbclient) and write the executed copies.",
            "NAME: a notebook file name, its stem or a prefix (e.g. 01); none = all of notebooks/*.ipynb.",
            "Sizes come from the environment the notebooks read (TASL_NB_TRAIN, TASL_NB_EVAL, TASL_NB_BACKBONE,",
            "TASL_NB_TASKS, ...); set them here with --env KEY=VALUE."})
public final class NotebooksRunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "0..*", description = "notebooks to run (default: all)")
    List<String> names = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "where the executed copies go (default build/notebooks)")
    Path out;

    @Option(names = "--dir", paramLabel = "DIR", description = "the notebooks folder (default notebooks/ of the project)")
    Path dir;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "environment for the kernel (repeatable)")
    List<String> env = new ArrayList<>();

    @Option(names = "--timeout", defaultValue = "1800", description = "seconds one cell may run (default ${DEFAULT-VALUE})")
    int timeout;

    @Option(names = "--startup-timeout", defaultValue = "300",
            description = "seconds to wait for the kernel to start (default ${DEFAULT-VALUE})")
    int startupTimeout;

    @Option(names = "--kernel", description = "kernelspec for every notebook (default: each notebook's own, tasl or tasl-js)")
    String kernel;

    @Option(names = "--install-kernel", description = "install a fresh kernelspec of this build into a temporary "
            + "folder even when one is installed")
    boolean installKernel;

    @Override
    public Integer call() throws Exception {
        Path home = projectHome();
        Path folder = dir != null ? dir : home.resolve("notebooks");
        List<Path> notebooks = select(folder, names);
        Path target = (out != null ? out : home.resolve("build").resolve("notebooks")).toAbsolutePath();
        Map<String, String> extraEnv = parseEnv(env);

        Optional<String> python = JupyterClients.python();
        if (python.isEmpty()) {
            System.err.println("tasl notebooks: no python3 with nbclient, nbformat and jupyter_client found "
                    + "(install Debian's python3-nbclient jupyter-client python3-nbformat, or set TASL_PYTHON)");
            return JupyterClients.MISSING;
        }
        Path tmp = Files.createTempDirectory("tasl-notebooks-");
        try {
            // `kernel install` writes both tasl kernelspecs: a user install older than tasl-js is replaced here.
            String needed = kernel != null ? kernel : "tasl-js";
            if (installKernel || !JupyterClients.hasKernel(python.get(), needed, extraEnv)) {
                Optional<Path> spec = JupyterClients.installKernel(tmp.resolve("prefix"), needed);
                if (spec.isEmpty()) {
                    System.err.println("tasl notebooks: the '" + needed + "' kernel is not installed and "
                            + "`./tasl kernel install --prefix DIR` did not produce a kernelspec in this build");
                    return JupyterClients.MISSING;
                }
                extraEnv.put("JUPYTER_PATH", JupyterClients.jupyterPath(spec.get()));
            }
            Path runner = tmp.resolve("run_notebooks.py");
            Files.writeString(runner, JupyterClients.readResource("run_notebooks.py"), StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>(List.of(python.get(), runner.toString(), "--out", target.toString(),
                    "--timeout", Integer.toString(timeout), "--startup-timeout", Integer.toString(startupTimeout)));
            if (kernel != null) {
                cmd.add("--kernel");
                cmd.add(kernel);
            }
            notebooks.forEach(p -> cmd.add(p.toAbsolutePath().toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(folder.toFile());
            pb.environment().putAll(extraEnv);
            Process p = pb.start();
            // Copied line by line (not inheritIO) so that an in-process caller, e.g. a test, sees it.
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    System.out.println(line);
                }
            }
            int rc = p.waitFor();
            return rc == 0 ? 0 : 1;
        } finally {
            deleteTree(tmp);
        }
    }

    /** The project root: -Dtasl.home (the launcher sets it), else the nearest folder up with ./tasl and notebooks/*.ipynb. */
    public static Path projectHome() {
        String h = System.getProperty("tasl.home");
        if (h != null && !h.isBlank()) {
            return Path.of(h);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (hasNotebooks(d.resolve("notebooks")) && Files.isRegularFile(d.resolve("tasl"))) {
                return d;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    private static boolean hasNotebooks(Path d) {
        if (!Files.isDirectory(d)) {
            return false;
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".ipynb"));
        } catch (IOException e) {
            return false;
        }
    }

    static List<Path> select(Path folder, List<String> wanted) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("notebooks folder " + folder + " does not exist (use --dir)");
        }
        List<Path> all;
        try (Stream<Path> s = Files.list(folder)) {
            all = s.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList();
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no *.ipynb in " + folder);
        }
        if (wanted.isEmpty()) {
            return all;
        }
        List<Path> chosen = new ArrayList<>();
        for (String w : wanted) {
            String n = w.toLowerCase(Locale.ROOT);
            List<Path> hits = all.stream().filter(p -> {
                String f = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return f.equals(n) || f.equals(n + ".ipynb") || f.startsWith(n);
            }).toList();
            if (hits.size() != 1) {
                throw new IllegalArgumentException("notebook '" + w + "' " + (hits.isEmpty() ? "matches none" : "is ambiguous")
                        + " of: " + String.join(", ", all.stream().map(p -> p.getFileName().toString()).toList()));
            }
            chosen.add(hits.get(0));
        }
        return chosen;
    }

    static Map<String, String> parseEnv(List<String> pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : pairs) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--env expects KEY=VALUE, got '" + kv + "'");
            }
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
