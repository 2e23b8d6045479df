package org.tasl.sweep;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tasl.run.RunOptions;
import org.tasl.weights.BackboneCatalog;

/**
 * A sweep's check of its backbones before anything is written: every backbone value of the grid
 * (the fixed option and every value of a backbone axis) must be a known backbone
 * ({@code ./tasl models}) or a Hugging Face folder on this machine. Where the cells run here
 * ({@code local}, {@code threads}) a value that is not fails the sweep; where a scheduler runs them
 * ({@code slurm}, {@code print}) it is only a warning, since the backbone may exist only on the
 * nodes.
 */
final class BackboneCheck {
    private BackboneCheck() {}

    /** Throws, or warns on {@code out}, naming every value not resolvable here and the known backbones. */
    static void check(SweepGrid grid, SweepOptions.Executor executor, PrintStream out) {
        String key = RunOptions.BACKBONE.key();
        List<String> problems = new ArrayList<>();
        String fixed = grid.fixed().get(key);
        if (fixed != null) {
            problem(fixed, "fixed option " + key, problems);
        }
        for (String v : grid.axes().getOrDefault(key, List.of())) {
            problem(v, "grid axis " + key, problems);
        }
        if (problems.isEmpty()) {
            return;
        }
        String what = String.join("; ", problems) + "; known backbones: " + String.join(", ", BackboneCatalog.names())
                + " (./tasl models)";
        if (executor.runsHere()) {
            throw new IllegalArgumentException(what + ". Nothing was written; a backbone that exists only on a "
                    + "cluster's nodes needs --executor slurm (which only warns)");
        }
        out.println("warning: " + what + "; the " + executor.wire() + " executor's cells must find it where they run");
    }

    private static void problem(String value, String where, List<String> problems) {
        if (BackboneCatalog.isKnown(value)) {
            return;
        }
        Path p = BackboneCatalog.asPath(value);
        if (!Files.isDirectory(p)) {
            problems.add("backbone '" + value + "' (" + where + ") is neither a known backbone nor a folder on this machine");
        } else if (!Files.isRegularFile(p.resolve("config.json"))) {
            problems.add("backbone '" + value + "' (" + where + ") is a folder without config.json, not a Hugging Face"
                    + " model folder");
        }
    }
}
