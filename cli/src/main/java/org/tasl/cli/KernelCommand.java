package org.tasl.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tasl.kernel.KernelLauncher;
import org.tasl.kernel.KernelSpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** ./tasl kernel install|start: the Jupyter kernel (Python cells on GraalPy, tasl in-process). */
@Command(name = "kernel", mixinStandardHelpOptions = true,
        description = "The Jupyter kernel \"" + KernelSpec.DISPLAY_NAME + "\": install its kernelspec, or start it.",
        subcommands = {KernelCommand.Install.class, KernelCommand.Start.class})
public final class KernelCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("tasl kernel: name a subcommand: install [--user | --prefix DIR] or start CONNECTION_FILE");
        return 2;
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Writes the kernelspec '" + KernelSpec.NAME + "' (kernel.json and logos) whose argv runs",
                "this repository's ./tasl kernel start {connection_file}. Default: --user."})
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
            Path dir = KernelSpec.install(kernels, launcher);
            System.out.println("installed kernelspec '" + KernelSpec.NAME + "' (" + KernelSpec.DISPLAY_NAME + ") in " + dir);
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

        @Override
        public Integer call() throws Exception {
            return KernelLauncher.run(connectionFile);
        }
    }
}
