package org.tasl.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./tasl notebooks}: the teaching notebooks; {@code run} executes them with the tasl kernel. */
@Command(name = "notebooks", mixinStandardHelpOptions = true, subcommands = {NotebooksRunCommand.class},
        description = "The teaching notebooks (notebooks/*.ipynb): `./tasl notebooks run [NAME...]` executes them.")
public final class NotebooksCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.out);
        return CommandLine.ExitCode.USAGE;
    }
}
