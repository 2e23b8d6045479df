package org.tasl.sweep;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code --executor print}: one shell line per unfinished cell, for a scheduler this project
 * does not drive. Each line resumes its cell and appends to the cell's log, so a line may be run
 * again after a failure; {@code --status} then reads what the runs wrote.
 */
final class PrintExecutor implements SweepExecutor {

    @Override
    public void launch(SweepDirectory sweep, List<SweepCell> cells, CellLauncher launcher, PrintStream out) {
        for (SweepCell c : cells) {
            out.println(line(sweep, c, launcher));
        }
    }

    static String line(SweepDirectory sweep, SweepCell c, CellLauncher launcher) {
        return CellLauncher.shell(launcher.command(sweep.grid(), c, sweep.runDir(c))) + " >> "
                + CellLauncher.quote(sweep.logFile(c).toAbsolutePath().toString()) + " 2>&1";
    }
}
