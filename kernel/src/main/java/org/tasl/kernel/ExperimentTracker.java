package org.tasl.kernel;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.tasl.run.Experiment;

/**
 * The experiments running in this kernel's cells, so that an interrupt can cancel them: the engine
 * stops at the next step boundary and keeps every completed task on disk.
 */
final class ExperimentTracker {
    private final Set<Experiment> running = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Experiment> cancelled = Collections.newSetFromMap(new IdentityHashMap<>());

    synchronized void started(Experiment e) {
        running.add(e);
        cancelled.remove(e);
    }

    /** Marks {@code e} finished; true when it ended because this kernel cancelled it. */
    synchronized boolean finished(Experiment e) {
        running.remove(e);
        return cancelled.remove(e);
    }

    /** Cancels every running experiment; the number cancelled. */
    synchronized int cancelAll() {
        for (Experiment e : running) {
            cancelled.add(e);
            e.cancel();
        }
        return running.size();
    }

    synchronized boolean anyRunning() {
        return !running.isEmpty();
    }
}
