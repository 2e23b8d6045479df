package org.tasl.cli;

import org.tasl.dashboard.Dashboard;
import org.tasl.run.Experiment;

/** {@code --dashboard}: serves the run live on the shared dashboard and prints its address. */
final class DashboardLink {
    private DashboardLink() {}

    static AutoCloseable attach(Experiment exp, int port) {
        if (port > 0) {
            System.setProperty("tasl.dashboard.port", Integer.toString(port));
        }
        Dashboard.LiveRun live = Dashboard.watch(exp.outDir());
        exp.addListener(live.listener());
        System.out.println("dashboard: " + live.url());
        return Dashboard::closeShared;
    }
}
