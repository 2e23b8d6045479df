package org.tasl.strategy;

/**
 * Lets another thread (Ctrl-C, a notebook interrupt, a dashboard) stop a run at the next step
 * boundary, where everything completed so far is consistent on disk.
 */
public final class CancellationToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    void check() {
        if (cancelled || Thread.currentThread().isInterrupted()) {
            throw new RunCancelledException();
        }
    }

    /** Thrown out of the training loop when the run was cancelled. */
    public static final class RunCancelledException extends RuntimeException {
        RunCancelledException() {
            super("run cancelled at a step boundary", null, false, false);
        }
    }
}
