package org.tasl.kernel;

import java.time.Duration;

/**
 * Whether a cell is running, and in which language (the cell magic, or null for the kernel's own
 * language), so that an interrupt arriving on the control thread knows what to stop and can
 * wait for the cell to end.
 */
final class RunningCell {
    private boolean running;
    private String magic;

    synchronized void start(String magic) {
        this.running = true;
        this.magic = magic;
    }

    synchronized void end() {
        running = false;
        magic = null;
        notifyAll();
    }

    synchronized boolean isRunning() {
        return running;
    }

    synchronized String magic() {
        return magic;
    }

    /** Waits up to {@code max} for the running cell to end; true when none runs any more. */
    synchronized boolean awaitEnd(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (running) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
