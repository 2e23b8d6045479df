package org.tasl.polyglot;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.HostAccess.Export;
import org.tasl.event.RunEvent;
import org.tasl.event.RunListener;

/**
 * An experiment running on its own Java thread while a script iterates over its events.
 * The listener only serializes each event and queues it (no guest code runs on the training
 * thread for events), so the script's thread, which may hold a language lock, is never
 * needed for training to proceed. The script polls with a short timeout.
 *
 * <p>The experiment is addressed by the facade's method names ({@code run(RunListener)},
 * {@code cancel()}), looked up reflectively so this class does not pin the engine's types.
 */
public final class RunHandle implements RunListener {
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Object experiment;
    private final Thread thread;
    private volatile Object result;
    private volatile Throwable error;
    private volatile boolean done;

    private final boolean strictJson;

    private RunHandle(Object experiment, boolean strictJson) {
        this.experiment = experiment;
        this.strictJson = strictJson;
        this.thread = new Thread(this::runExperiment, "tasl-run");
        this.thread.setDaemon(true);
    }

    /**
     * Starts {@code experiment.run(listener)} on a new thread and returns at once. Events are
     * queued as JSON; {@code strictJson} writes NaN as "NaN" (for JavaScript's JSON.parse).
     */
    public static RunHandle start(Object experiment, boolean strictJson) {
        RunHandle h = new RunHandle(experiment, strictJson);
        h.thread.start();
        return h;
    }

    @Override
    public void onEvent(RunEvent event) {
        queue.add(strictJson ? ScriptBridge.strictJson(event.toJson()) : ScriptBridge.json(event.toJson()));
    }

    private void runExperiment() {
        try {
            Method run = ScriptBridge.publicMethod(experiment.getClass(), "run", RunListener.class);
            if (run == null) {
                throw new NoSuchMethodException(experiment.getClass().getName() + ".run(RunListener)");
            }
            result = run.invoke(experiment, this);
        } catch (InvocationTargetException e) {
            error = e.getCause();
        } catch (ReflectiveOperationException | RuntimeException | Error e) {
            error = e;
        } finally {
            done = true;
        }
    }

    /** The next event as JSON, waiting at most {@code millis}; null when none came. */
    @Export
    public String poll(long millis) throws InterruptedException {
        return millis <= 0 ? queue.poll() : queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** True once the run returned or failed and every event was taken. */
    @Export
    public boolean finished() {
        return done && queue.isEmpty();
    }

    /** The run's result (the facade's RunResult); rethrows the run's failure. */
    @Export
    public Object result() throws Exception {
        if (!done) {
            throw new IllegalStateException("the run has not finished");
        }
        if (error instanceof Exception e) {
            throw e;
        }
        if (error instanceof Error e) {
            throw e;
        }
        return result;
    }

    /** Asks the run to stop at the next step boundary (facade {@code cancel()}). */
    @Export
    public void cancel() throws ReflectiveOperationException {
        if (!done) {
            ScriptBridge.invoke(experiment, "cancel", new Class<?>[0]);
        }
    }

    /** Waits up to {@code millis} for the training thread to end; true if it has. */
    @Export
    public boolean join(long millis) throws InterruptedException {
        thread.join(Math.max(1, millis));
        return !thread.isAlive();
    }
}
