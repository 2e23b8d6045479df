package org.tasl.dashboard;

import java.nio.file.Path;
import org.tasl.event.EventBus;
import org.tasl.event.RunListener;

/**
 * The process-wide dashboard: the kernel's {@code %dashboard}, {@code tasl.dashboard()} and
 * {@code ./tasl run --dashboard} share one server rather than each starting their own.
 */
public final class Dashboard {
    private static DashboardServer shared;

    private Dashboard() {}

    /** A run being served live: the address of its page and the listener to feed it. */
    public record LiveRun(String id, String url, RunListener listener) {}

    /**
     * The shared server, started on first use over the runs directory named by the system property
     * {@code tasl.runs} (else the environment variable {@code TASL_RUNS}, else {@code ./runs}), on
     * 127.0.0.1 and the port of {@code tasl.dashboard.port} (else any free one).
     */
    public static synchronized DashboardServer shared() {
        if (shared == null) {
            String dir = System.getProperty("tasl.runs", System.getenv().getOrDefault("TASL_RUNS", "runs"));
            return shared(Path.of(dir));
        }
        return shared;
    }

    /** The shared server; started over {@code runsDir} if none runs yet (else the running one). */
    public static synchronized DashboardServer shared(Path runsDir) {
        return shared(runsDir, Integer.getInteger("tasl.dashboard.port", 0));
    }

    /**
     * The shared server; started over {@code runsDir} on 127.0.0.1:{@code port} (0 = any free port)
     * if none runs yet, else the running one, whatever its folder and port.
     */
    public static synchronized DashboardServer shared(Path runsDir, int port) {
        if (shared == null) {
            Path dir = runsDir != null ? runsDir
                    : Path.of(System.getProperty("tasl.runs", System.getenv().getOrDefault("TASL_RUNS", "runs")));
            shared = DashboardServer.start(dir, System.getProperty("tasl.dashboard.host", DashboardServer.DEFAULT_HOST), port);
        }
        return shared;
    }

    /**
     * The shared server's page address, starting it if needed: the shape of the bindings'
     * {@code DashboardStarter}, so a host registers {@code TaslPolyglot.setDashboardStarter(Dashboard::url)}.
     * {@code runsDir} null = the default runs folder (see {@link #shared()}).
     */
    public static String url(Path runsDir, int port) {
        return shared(runsDir, port).url();
    }

    /**
     * One call for {@code --dashboard}: serves the run writing to {@code runDir} live (its id is the
     * folder's name) on the shared server, started over the folder's parent if needed.
     * Add the returned listener to the experiment, or pass the run's bus to the other overload.
     */
    public static LiveRun watch(Path runDir) {
        return watch(runDir, Integer.getInteger("tasl.dashboard.port", 0));
    }

    /** As {@link #watch(Path)}, a server started here listening on {@code port} (0 = any free one). */
    public static LiveRun watch(Path runDir, int port) {
        Path abs = runDir.toAbsolutePath().normalize();
        String id = abs.getFileName().toString();
        if (!RunIds.isValid(id)) {
            throw new IllegalArgumentException("the dashboard cannot serve the run folder '" + abs + "': its name must be"
                    + " letters, digits, '.', '_', '+' or '-' (not starting with '.'; no '..')");
        }
        DashboardServer server = shared(abs.getParent(), port);
        RunListener l = server.attach(id, abs);
        return new LiveRun(id, server.url(id), l);
    }

    /** As {@link #watch(Path)}, the events coming from {@code bus}; returns the run's page address. */
    public static String watch(Path runDir, EventBus bus) {
        LiveRun live = watch(runDir);
        bus.add(live.listener());
        return live.url();
    }

    /**
     * An inline frame showing {@code url}, for notebooks (the kernel's text/html display of
     * {@code %dashboard} and {@code tasl.dashboard()}).
     */
    public static String inlineFrame(String url, int heightPx) {
        String safe = url.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
        return "<iframe src=\"" + safe + "\" width=\"100%\" height=\"" + Math.max(200, heightPx)
                + "\" style=\"border:1px solid #d9e2ec;border-radius:6px\"></iframe>"
                + "<div><a href=\"" + safe + "\" target=\"_blank\">open the dashboard in a new tab</a></div>";
    }

    /** Stops the shared server (the next {@link #shared()} starts a new one). */
    public static synchronized void closeShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }
}
