package org.tasl.cli;

import org.tasl.dashboard.Dashboard;
import org.tasl.run.Experiment;

/** Starts the live dashboard next to a run (wired to the dashboard module's API). */
final class DashboardLink {
    private DashboardLink() {}

    /**
     * Serves the run live on the process's shared dashboard (over the run folder's parent, so
     * earlier runs there can be picked for comparison) and prints its address. Closing detaches
     * the run; the server stops with the process.
     */
    static AutoCloseable attach(Experiment exp, int port) {
        Dashboard.LiveRun live = Dashboard.watch(exp.outDir(), port);
        exp.addListener(live.listener());
        System.out.println("dashboard: " + live.url());
        return () -> { };
    }
}
