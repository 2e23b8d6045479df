package org.tasl.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tasl.kernel.KernelLauncher;
import org.tasl.kernel.KernelSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** ./tasl kernel install|start: the Jupyter kernels (Python on GraalPy, JavaScript on GraalJS, tasl in-process). */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = "The Jupyter kernels \"" + KernelSpec.DISPLAY_NAME + "\" and \"" + KernelSpec.JS_DISPLAY_NAME
                + "\": install their kernelspecs, or start one.",
        subcommands = {KernelCommand.Install.class, KernelCommand.Start.class})
public final class KernelCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("tasl kernel: name a subcommand: install [--user | --prefix DIR] or start CONNECTION_FILE");
        return 2;
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Writes the kernelspecs '" + KernelSpec.NAME + "' and '" + KernelSpec.JS_NAME + "' (kernel.json and logos)",
                "whose argv runs this repository's ./tasl kernel start [--language javascript] {connection_file}.",
                "Default: --user."})
    static final class Install implements Callable<Integer> {
        @ArgGroup(exclusive = true)
        Where where = new Where();

        static final class Where {
            @Option(names = "--user", description = "into the user's Jupyter data folder (~/.local/share/jupyter/kernels)")
            boolean user;

            @Option(names = "--prefix", paramLabel = "DIR", description = "into DIR/share/jupyter/kernels (e.g. a virtualenv, or a temp folder with JUPYTER_PATH=DIR/share/jupyter)")
            Path prefix;
        }

        @Override
        public Integer call() throws Exception {
            Path launcher = launcher();
            Path kernels = where.prefix != null ? KernelSpec.kernelsDirForPrefix(where.prefix.toAbsolutePath()) : KernelSpec.userKernelsDir();
            for (KernelSpec.Flavor flavor : KernelSpec.ALL) {
                Path dir = KernelSpec.install(flavor, kernels, launcher);
                System.out.println("installed kernelspec '" + flavor.name() + "' (" + flavor.displayName() + ") in " + dir);
            }
            return 0;
        }

        private static Path launcher() {
            String home = System.getProperty("tasl.home");
            if (home == null) {
                throw new IllegalStateException("tasl kernel install: run it through the ./tasl launcher (the system property tasl.home names the repository)");
            }
            return Path.of(home).toAbsolutePath().resolve("tasl");
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Runs the kernel on a Jupyter connection file (Jupyter calls this through the kernelspec).")
    static final class Start implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CONNECTION_FILE", description = "the connection file Jupyter passes")
        Path connectionFile;

        @Option(names = "--language", paramLabel = "LANGUAGE", defaultValue = "python",
                description = "python (kernel '" + KernelSpec.NAME + "') or javascript (kernel '" + KernelSpec.JS_NAME + "'); default ${DEFAULT-VALUE}")
        String language;

        @Override
        public Integer call() throws Exception {
            return KernelLauncher.run(connectionFile, language);
        }
    }
}
