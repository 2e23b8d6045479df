package org.tasl.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tasl.gpu.GpuBundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** ./tasl native build|bundle: DJL on a locally installed PyTorch (native/README.md). */
@Command(name = "native", mixinStandardHelpOptions = true,
        description = "Build DJL's PyTorch JNI library against the local PyTorch, or pack a GPU bundle.",
        subcommands = {NativeCommand.Build.class, NativeCommand.Bundle.class})
public final class NativeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("tasl native: choose 'build' or 'bundle' (see ./tasl native --help)");
        return 2;
    }

    static Path home() {
        String home = System.getProperty("tasl.home");
        Path root = Path.of(home != null ? home : ".").toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("native/build.sh"))) {
            throw new IllegalArgumentException("native/build.sh not found under " + root + " (run through ./tasl, or set -Dtasl.home)");
        }
        return root;
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Compile native/djl_torch against the local PyTorch (python3 -c 'import torch') and make it "
                    + "the library ./tasl uses (native/build/active.env); prints the environment it sets.")
    static final class Build implements Callable<Integer> {
        @Option(names = "--torch", paramLabel = "DIR", description = "the torch package folder (holds include/ and lib/)")
        Path torch;

        @Option(names = "--out", paramLabel = "DIR", description = "layout folder (default native/build/libtorch-<version>-<flavor>)")
        Path out;

        @Override
        public Integer call() throws Exception {
            Path root = home();
            List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("native/build.sh").toString()));
            if (torch != null) {
                cmd.addAll(List.of("--torch", torch.toAbsolutePath().toString()));
            }
            if (out != null) {
                cmd.addAll(List.of("--out", out.toAbsolutePath().toString()));
            }
            return new ProcessBuilder(cmd).inheritIO().start().waitFor();
        }
    }

    @Command(name = "bundle", mixinStandardHelpOptions = true,
            description = "Pack a jlink'ed JDK runtime, the project's jars (without DJL's CPU natives) and the native "
                    + "sources into one tar.xz under 40 MB for a GPU machine.")
    static final class Bundle implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "FILE", defaultValue = "gpu-bundle/tasl-gpu.tar.xz",
                description = "bundle file (default: ${DEFAULT-VALUE}, relative to the repository)")
        Path out;

        @Override
        public Integer call() throws Exception {
            Path root = home();
            Path target = out.isAbsolute() ? out : root.resolve(out);
            List<Path> classpath = new ArrayList<>();
            for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (!e.isBlank()) {
                    classpath.add(Path.of(e).toAbsolutePath());
                }
            }
            String jdk = System.getenv().getOrDefault("TASL_JAVA_HOME", System.getProperty("java.home"));
            long size = new GpuBundle(root, Path.of(jdk)).pack(classpath, target);
            System.out.printf(Locale.ROOT, "%s (%.1f MB)%n", target, size / 1e6);
            System.out.println("on the GPU machine: tar -xJf " + target.getFileName() + " && tasl-gpu/run.sh org.tasl.gpu.NdConformance check FILE");
            return 0;
        }
    }
}
