package org.tasl.kernel;

import java.nio.file.Path;
import org.tasl.dashboard.Dashboard;
import org.tasl.dashboard.DashboardServer;
import org.tasl.polyglot.TaslPolyglot;

/** {@code %dashboard} and {@code tasl.dashboard()} in the kernel: the process-wide dashboard sidecar. */
final class DashboardHook {
    static final int FRAME_HEIGHT = 620;

    private DashboardHook() {}

    /** Lets {@code tasl.dashboard()} in cells start the same shared server. */
    static void register() {
        TaslPolyglot.setDashboardStarter((runsDir, port) -> server(runsDir == null ? null : runsDir.toString()).url());
    }

    /** Starts (or finds) the dashboard over {@code runsDir} (null: the default runs folder); its inline frame. */
    static String inlineHtml(String runsDir) {
        return Dashboard.inlineFrame(server(runsDir).url(), FRAME_HEIGHT);
    }

    private static DashboardServer server(String runsDir) {
        return runsDir == null || runsDir.isBlank() ? Dashboard.shared() : Dashboard.shared(Path.of(runsDir.strip()));
    }

    static void stop() {
        Dashboard.closeShared();
    }
}
