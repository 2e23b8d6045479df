package org.tasl.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.publish.PublishStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.graalvm.polyglot.PolyglotException;

/**
 * What the Python kernel ({@link TaslKernel}) and the JavaScript kernel ({@link JsKernel}) share:
 * cell output streamed to iopub, the kernel's own language session started on a background thread
 * (so the kernel connects and answers {@code kernel_info} at once while the guest language starts;
 * the first cell waits for it), a cell's {@code %%magic} header, {@code %%java}, guest and Java
 * errors as Jupyter errors, and interrupts that first cancel running experiments
 * ({@link ExperimentTracker}: they stop at their next step boundary and the cell ends with
 * KeyboardInterrupt) before interrupting the guest code.
 *
 * @param <S> the kernel's own language session
 */
abstract class GuestKernel<S> extends BaseKernel {
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(20);

    final CellChannel channel = new CellChannel();
    final PrintStream cellOut;
    final PrintStream cellErr;
    final InputStream noInput = InputStream.nullInputStream();
    final ExperimentTracker experiments = new ExperimentTracker();
    final KernelHost host;
    final JavaMagic java;
    private final RunningCell running = new RunningCell();
    private final CompletableFuture<S> session = new CompletableFuture<>();
    /** For messages and thread names: "tasl", "tasl-js". */
    private final String name;
    /** For messages: "Python", "JavaScript". */
    private final String language;

    GuestKernel(String name, String language) {
        this.name = name;
        this.language = language;
        PrintStream realErr = System.err;
        this.cellOut = new PrintStream(new IopubStream(PublishStream.StreamType.OUT, channel, realErr), true, StandardCharsets.UTF_8);
        this.cellErr = new PrintStream(new IopubStream(PublishStream.StreamType.ERR, channel, realErr), true, StandardCharsets.UTF_8);
        this.host = new KernelHost(channel, cellOut, cellErr, experiments);
        this.java = new JavaMagic(cellOut);
        setShouldReplaceStdStreams(false);
    }

    /** Creates the kernel's own session on the thread {@code threadName}; cells wait for it. */
    final void startSession(String threadName, Callable<S> create) {
        Thread starter = new Thread(() -> {
            try {
                session.complete(create.call());
            } catch (Throwable t) {
                session.completeExceptionally(t);
            }
        }, threadName);
        starter.setDaemon(true);
        starter.start();
    }

    /** The kernel's own session, waiting for its start when needed. */
    final S session() {
        try {
            return session.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("the " + language + " context did not start: " + cause, cause);
        }
    }

    /** Whether the session has started (without waiting for it). */
    final boolean sessionStarted() {
        return session.isDone() && !session.isCompletedExceptionally();
    }

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        ExecuteHandler handler = new ExecuteHandler(channel, cellOut, cellErr, executionCount, this::evaluate);
        connection.setHandler(MessageType.EXECUTE_REQUEST, handler::handle);
    }

    /** One cell in the kernel's own language (line magics included). */
    abstract DisplayData runCell(String code, int count) throws KernelError;

    /** A cell magic other than {@code %%java}; {@link #unknownMagic} for one the kernel lacks. */
    abstract DisplayData runMagic(String magic, String body, int count) throws KernelError;

    /** Interrupts the guest code of a cell run under {@code magic} (null: the kernel's own language). */
    abstract void interruptGuest(String magic) throws Exception;

    /** One cell: a cell magic, or the kernel's own language. */
    final DisplayData evaluate(String code, int count) throws KernelError {
        String stripped = code.stripLeading();
        String magic = null;
        String body = code;
        if (stripped.startsWith("%%")) {
            int nl = stripped.indexOf('\n');
            String head = (nl < 0 ? stripped : stripped.substring(0, nl)).substring(2).trim();
            magic = head.split("\\s+", 2)[0];
            body = nl < 0 ? "" : stripped.substring(nl + 1);
        }
        running.start(magic);
        try {
            if (magic == null) {
                return runCell(code, count);
            }
            return "java".equals(magic) ? java.run(body) : runMagic(magic, body, count);
        } catch (PolyglotException e) {
            if (e.isInterrupted() || e.isCancelled()) {
                throw new KernelError("KeyboardInterrupt", "interrupted by the user",
                        List.of("KeyboardInterrupt: the cell was interrupted (the kernel is still running)"));
            }
            throw Tracebacks.fromGuest(e, "cell " + count);
        } catch (RuntimeException e) {
            throw Tracebacks.fromJava(e, "cell " + count);
        } finally {
            running.end();
        }
    }

    /** The error of a cell magic the kernel does not have; {@code magics} lists the ones it has. */
    static KernelError unknownMagic(String magic, String magics) {
        return new KernelError("UsageError", "unknown cell magic %%" + magic + " (%lsmagic lists them)",
                List.of("UsageError: unknown cell magic %%" + magic + "; cell magics: " + magics));
    }

    @Override
    public DisplayData eval(String expr) throws Exception {
        return evaluate(expr, executionCount.get());
    }

    /**
     * Interrupt (interrupt_mode message): a running experiment is cancelled and stops at its next
     * step boundary (the cell then ends with KeyboardInterrupt); other code is interrupted by
     * Truffle (JavaScript, Python) or JShell. Done off the control thread so the reply is not held up.
     */
    @Override
    public void interrupt() {
        Thread t = new Thread(this::interruptNow, name + "-kernel-interrupt");
        t.setDaemon(true);
        t.start();
    }

    private void interruptNow() {
        try {
            if (experiments.cancelAll() > 0 && running.awaitEnd(CANCEL_GRACE)) {
                return;
            }
            if (!running.isRunning()) {
                return;
            }
            String magic = running.magic();
            if ("java".equals(magic)) {
                java.interrupt();
            } else {
                interruptGuest(magic);
            }
        } catch (Exception e) {
            System.err.println(name + " kernel: interrupt failed: " + e);
        }
    }

    /** Closes the guest languages' sessions (after experiments, the dashboard and JShell). */
    abstract void closeGuests();

    @Override
    public void onShutdown(boolean isRestarting) {
        experiments.cancelAll();
        DashboardHook.stop();
        java.close();
        closeGuests();
    }
}
