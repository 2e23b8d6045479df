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
        if (shared == null) {
            int port = Integer.getInteger("tasl.dashboard.port", 0);
            shared = DashboardServer.start(runsDir, System.getProperty("tasl.dashboard.host", DashboardServer.DEFAULT_HOST), port);
        }
        return shared;
    }

    /**
     * One call for {@code --dashboard}: serves the run writing to {@code runDir} live (its id is the
     * folder's name) on the shared server, started over the folder's parent if needed.
     * Add the returned listener to the experiment, or pass the run's bus to the other overload.
     */
    public static LiveRun watch(Path runDir) {
        Path abs = runDir.toAbsolutePath().normalize();
        DashboardServer server = shared(abs.getParent());
        String id = abs.getFileName().toString();
        RunListener l = server.attach(id, abs);
        return new LiveRun(id, server.url(id), l);
    }

    /** As {@link #watch(Path)}, the events coming from {@code bus}; returns the run's page address. */
    public static String watch(Path runDir, EventBus bus) {
        LiveRun live = watch(runDir);
        bus.add(live.listener());
        return live.url();
    }

    /** Stops the shared server (the next {@link #shared()} starts a new one). */
    public static synchronized void closeShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }
}
