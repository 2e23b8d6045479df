package org.tasl.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.Message;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.publish.PublishStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.tasl.run.Experiment;

/**
 * The TaSL Jupyter kernel: routes Jupyter messages. Python cells go to {@link PythonSession},
 * {@code %%js} to {@link JsMagic}, {@code %%java} to {@link JavaMagic}; line magics and rich
 * display live in the Python side ({@code tasl_kernel.py}); interrupts cancel running experiments
 * ({@link ExperimentTracker}) or interrupt the guest code.
 *
 * <p>Execute requests go through {@link ExecuteHandler} (shared with {@link JsKernel}) so that errors carry Python's
 * exception name (basekernel would report the Java class) and output is streamed to the cell
 * while it runs.
 */
public final class TaslKernel extends BaseKernel {
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(20);

    private final CellChannel channel = new CellChannel();
    private final PrintStream cellOut;
    private final PrintStream cellErr;
    private final ExperimentTracker experiments = new ExperimentTracker();
    /** Created on a background thread: the kernel answers kernel_info while GraalPy starts. */
    private final CompletableFuture<PythonSession> pythonStart = new CompletableFuture<>();
    private final JsMagic js;
    private final JavaMagic java;
    private final RunningCell running = new RunningCell();

    public TaslKernel() {
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        this.cellOut = new PrintStream(new IopubStream(PublishStream.StreamType.OUT, channel, realErr), true, StandardCharsets.UTF_8);
        this.cellErr = new PrintStream(new IopubStream(PublishStream.StreamType.ERR, channel, realErr), true, StandardCharsets.UTF_8);
        InputStream noInput = InputStream.nullInputStream();
        Map<String, ProxyExecutable> host = new KernelHost(channel, cellOut, cellErr, experiments).callables();
        Thread starter = new Thread(() -> {
            try {
                PythonSession p = new PythonSession(noInput, cellOut, cellErr, host);
                JavaSnippets.bind(p);
                pythonStart.complete(p);
            } catch (Throwable t) {
                pythonStart.completeExceptionally(t);
            }
        }, "tasl-python-context");
        starter.setDaemon(true);
        starter.start();
        this.js = new JsMagic(this::python, noInput, cellOut, cellErr);
        this.java = new JavaMagic(cellOut);
        setShouldReplaceStdStreams(false);
        if (realOut == null) {
            throw new IllegalStateException("no stdout");
        }
    }

    /** The Python session, waiting for its start when needed. */
    PythonSession python() {
        try {
            return pythonStart.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("the Python context did not start: " + cause, cause);
        }
    }

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        ExecuteHandler handler = new ExecuteHandler(channel, cellOut, cellErr, executionCount, this::evaluate);
        connection.setHandler(MessageType.EXECUTE_REQUEST, handler::handle);
    }

    /** One cell: a cell magic, or Python (with line magics). */
    DisplayData evaluate(String code, int count) throws KernelError {
        running.start(null);
        try {
            String stripped = code.stripLeading();
            if (stripped.startsWith("%%")) {
                int nl = stripped.indexOf('\n');
                String head = (nl < 0 ? stripped : stripped.substring(0, nl)).substring(2).trim();
                String body = nl < 0 ? "" : stripped.substring(nl + 1);
                String name = head.split("\\s+", 2)[0];
                running.start(name);
                switch (name) {
                    case "js":
                    case "javascript":
                        return js.run(body);
                    case "java":
                        return java.run(body);
                    default:
                        throw new KernelError("UsageError", "unknown cell magic %%" + name + " (%lsmagic lists them)",
                                List.of("UsageError: unknown cell magic %%" + name + "; cell magics: %%js, %%java"));
                }
            }
            return python().run(code, count);
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

    @Override
    public DisplayData eval(String expr) throws Exception {
        return evaluate(expr, executionCount.get());
    }

    /**
     * Interrupt (interrupt_mode message): a running experiment is cancelled and stops at its next
     * step boundary (the cell then ends with KeyboardInterrupt); plain guest code is interrupted
     * by Truffle. Done off the control thread so the interrupt reply is not held up.
     */
    @Override
    public void interrupt() {
        Thread t = new Thread(this::interruptNow, "tasl-kernel-interrupt");
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
            } else if ("js".equals(magic) || "javascript".equals(magic)) {
                js.interrupt(Duration.ofSeconds(10));
            } else {
                python().interrupt(Duration.ofSeconds(10));
            }
        } catch (Exception e) {
            System.err.println("tasl kernel: interrupt failed: " + e);
        }
    }

    @Override
    public ReplacementOptions complete(String code, int cursor) {
        PythonSession.Completion c = python().complete(code, cursor);
        return new ReplacementOptions(new ArrayList<>(c.matches()), c.start(), c.end());
    }

    @Override
    public DisplayData inspect(String code, int cursor, boolean extraDetail) {
        String text = python().inspect(code, cursor);
        return text == null ? null : MimeBundles.text(text);
    }

    @Override
    public String isComplete(String code) {
        String[] r = python().isComplete(code);
        switch (r[0]) {
            case "complete":
                return IS_COMPLETE_YES;
            case "invalid":
                return IS_COMPLETE_BAD;
            default:
                return r[1];
        }
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return new LanguageInfo.Builder("python")
                .version(pythonVersion())
                .mimetype("text/x-python")
                .fileExtension(".py")
                .pygments("ipython3")
                .codemirror(Map.<String, Object>of("name", "ipython", "version", 3))
                .exporter("python")
                .build();
    }

    private volatile String pythonVersion;

    private String pythonVersion() {
        if (pythonVersion == null) {
            if (!pythonStart.isDone() || pythonStart.isCompletedExceptionally()) {
                return "3"; // kernel_info does not wait for GraalPy; later requests get the full version
            }
            try {
                pythonVersion = pythonStart.join().context().eval("python", "import platform; platform.python_version()").asString();
            } catch (RuntimeException e) {
                return "3";
            }
        }
        return pythonVersion;
    }

    @Override
    public String getBanner() {
        return "TaSL Studio kernel: Python (GraalPy) on the JVM with tasl-core; %lsmagic lists the magics.";
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        experiments.cancelAll();
        DashboardHook.stop();
        java.close();
        js.close();
    }
}
