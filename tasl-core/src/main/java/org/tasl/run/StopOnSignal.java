package org.tasl.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.tasl.event.RunListener;

/**
 * Runs an experiment so that SIGTERM or Ctrl-C (a scheduler's scancel or preemption too) stops
 * it at the next step boundary instead of mid-write: the JVM's shutdown waits up to a minute
 * for the run to record itself as interrupted, every completed task kept for --resume.
 */
public final class StopOnSignal {
    private StopOnSignal() {}

    /** {@code announce} runs first when the signal arrives (e.g. to tell the user how to resume). */
    public static RunResult run(Experiment exp, RunListener listener, Runnable announce) {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            announce.run();
            exp.cancel();
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return exp.run(listener);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for the latch counted down above
            }
        }
    }
}
