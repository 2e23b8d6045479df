package org.tasl.polyglot;

import java.nio.file.Path;

/**
 * Starts the live dashboard for scripts ({@code tasl.dashboard()}). The bindings do not
 * depend on the dashboard module; a host that has it (the CLI, the kernel) registers one
 * with {@link TaslPolyglot#setDashboardStarter}. Returns the URL to open.
 */
@FunctionalInterface
public interface DashboardStarter {
    /**
     * @param runsDir the runs folder to serve, or null for the host's default
     * @param port the port, 0 for any free one (or the already running server's)
     */
    String start(Path runsDir, int port) throws Exception;
}
