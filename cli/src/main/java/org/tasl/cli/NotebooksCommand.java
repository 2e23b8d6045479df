package org.tasl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

// Skeleton registered so the CLI compiles while this command is being built; its owner replaces it.
@Command(name = "notebooks", mixinStandardHelpOptions = true, description = "(being built)")
public final class NotebooksCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("tasl notebooks: not available in this build yet");
        return 3;
    }
}
