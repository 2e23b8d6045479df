package org.tasl.sweep;

import java.io.PrintStream;
import java.util.List;

/** Runs, submits or prints the unfinished cells of a sweep: one implementation per {@code --executor}. */
interface SweepExecutor {

    /**
     * Launches {@code cells} of {@code sweep}, each with {@code launcher}'s command. The local
     * executor returns when they have ended; slurm once the array is submitted; print at once.
     */
    void launch(SweepDirectory sweep, List<SweepCell> cells, CellLauncher launcher, PrintStream out);

    static SweepExecutor of(SweepOptions o) {
        return switch (o.executor()) {
            case LOCAL, THREADS -> new LocalExecutor(o);
            case SLURM -> new SlurmExecutor(o, Slurm.onPath());
            case PRINT -> new PrintExecutor();
        };
    }
}
