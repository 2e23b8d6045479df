package org.tasl.kernel;

import java.util.Optional;

/**
 * Ends the kernel when the process that started it is gone. Jupyter clients do not always send
 * a shutdown request (a crashed notebook server, a killed test), and basekernel does not notice
 * a dead client; a kernel left behind holds a JVM and its memory. The parent is the one named by
 * {@code JPY_PARENT_PID} (set by jupyter_client, as ipykernel reads it), else the OS parent.
 */
final class ParentWatch {
    private ParentWatch() {}

    /** Runs {@code onGone} once the parent exits; false when there is no parent to watch. */
    static boolean start(Runnable onGone) {
        Optional<ProcessHandle> parent = parent();
        if (parent.isEmpty()) {
            return false;
        }
        parent.get().onExit().thenRun(onGone);
        return true;
    }

    static Optional<ProcessHandle> parent() {
        String pid = System.getenv("JPY_PARENT_PID");
        if (pid != null && pid.matches("\\d+") && Long.parseLong(pid) > 1) {
            Optional<ProcessHandle> p = ProcessHandle.of(Long.parseLong(pid));
            if (p.isPresent()) {
                return p;
            }
        }
        return ProcessHandle.current().parent().filter(p -> p.pid() > 1);
    }
}
