package org.tasl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// Skeleton registered so the CLI compiles while this command is being built; its owner replaces it.
@Command(name = "bench", mixinStandardHelpOptions = true, description = "(being built)")
public final class BenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tasl bench: not available in this build yet");
        return 3;
    }
}
