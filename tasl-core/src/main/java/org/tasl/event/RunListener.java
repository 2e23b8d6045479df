package org.tasl.event;

/** Receives a run's events, in order, on the training thread: return quickly. */
@FunctionalInterface
public interface RunListener {
    void onEvent(RunEvent event);
}
