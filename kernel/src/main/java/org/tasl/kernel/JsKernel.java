package org.tasl.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.publish.PublishStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.graalvm.polyglot.PolyglotException;

/**
 * The kernel "TaSL (JavaScript on JVM)" ({@code tasl-js}): routes Jupyter messages. Cells are
 * JavaScript ({@link JsSession}, GraalJS with {@code require('tasl')}); {@code %%python} goes to
 * {@link PythonCellMagic}, {@code %%java} to {@link JavaMagic}.
 *
 * <p>Start-up: the JavaScript context is created on a background thread as soon as the kernel
 * object exists, so the kernel connects and answers {@code kernel_info} at once while GraalJS
 * starts; the first cell waits for the context if it is not ready yet.
 */
public final class JsKernel extends BaseKernel {
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(20);
    /** The ECMAScript edition TaslPolyglot asks GraalJS for. */
    static final String ECMASCRIPT = "ECMAScript 2022";

    private final CellChannel channel = new CellChannel();
    private final PrintStream cellOut;
    private final PrintStream cellErr;
    private final ExperimentTracker experiments = new ExperimentTracker();
    private final CompletableFuture<JsSession> session;
    private final PythonCellMagic python;
    private final JavaMagic java;
    private final RunningCell running = new RunningCell();

    public JsKernel() {
        PrintStream realErr = System.err;
        this.cellOut = new PrintStream(new IopubStream(PublishStream.StreamType.OUT, channel, realErr), true, StandardCharsets.UTF_8);
        this.cellErr = new PrintStream(new IopubStream(PublishStream.StreamType.ERR, channel, realErr), true, StandardCharsets.UTF_8);
        InputStream noInput = InputStream.nullInputStream();
        KernelHost host = new KernelHost(channel, cellOut, cellErr, experiments);
        this.session = new CompletableFuture<>();
        this.python = new PythonCellMagic(noInput, cellOut, cellErr, host.callables(), this::js);
        this.java = new JavaMagic(cellOut);
        PythonCellMagic py = python;
        Thread starter = new Thread(() -> {
            try {
                JsSession js = new JsSession(noInput, cellOut, cellErr, host.callables());
                // The Python globals as `py`; the Python session itself starts on first use.
                js.setGlobal("py", new GuestGlobals(() -> GuestGlobals.of(py.session())));
                JavaSnippets.bindJs(js);
                session.complete(js);
            } catch (Throwable t) {
                session.completeExceptionally(t);
            }
        }, "tasl-js-context");
        starter.setDaemon(true);
        starter.start();
        setShouldReplaceStdStreams(false);
    }

    /** The JavaScript session, waiting for its start when needed. */
    JsSession js() {
        try {
            return session.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("the JavaScript context did not start: " + cause, cause);
        }
    }

    @Override
    public void becomeHandlerForConnection(JupyterConnection connection) {
        super.becomeHandlerForConnection(connection);
        ExecuteHandler handler = new ExecuteHandler(channel, cellOut, cellErr, executionCount, this::evaluate);
        connection.setHandler(MessageType.EXECUTE_REQUEST, handler::handle);
    }

    /** One cell: a cell magic, or JavaScript (with line magics). */
    DisplayData evaluate(String code, int count) throws KernelError {
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
                return js().run(code, count);
            }
            switch (magic) {
                case "python":
                case "py":
                    return python.run(body, count);
                case "java":
                    return java.run(body);
                case "js":
                case "javascript":
                    return js().run(body, count);
                default:
                    throw new KernelError("UsageError", "unknown cell magic %%" + magic + " (%lsmagic lists them)",
                            List.of("UsageError: unknown cell magic %%" + magic + "; cell magics: %%python, %%java"));
            }
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
     * step boundary (the cell then ends with KeyboardInterrupt); other code is interrupted by
     * Truffle (JavaScript, Python) or JShell. Done off the control thread so the reply is not held up.
     */
    @Override
    public void interrupt() {
        Thread t = new Thread(this::interruptNow, "tasl-js-kernel-interrupt");
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
            } else if ("python".equals(magic) || "py".equals(magic)) {
                python.interrupt(Duration.ofSeconds(10));
            } else {
                js().interrupt(Duration.ofSeconds(10));
            }
        } catch (Exception e) {
            System.err.println("tasl-js kernel: interrupt failed: " + e);
        }
    }

    @Override
    public ReplacementOptions complete(String code, int cursor) {
        PythonSession.Completion c = inPythonCell(code) ? python.session().complete(cellBody(code), cursor - headerLength(code))
                : js().complete(code, cursor);
        int shift = inPythonCell(code) ? headerLength(code) : 0;
        return new ReplacementOptions(new ArrayList<>(c.matches()), c.start() + shift, c.end() + shift);
    }

    @Override
    public DisplayData inspect(String code, int cursor, boolean extraDetail) {
        String text = inPythonCell(code) ? python.session().inspect(cellBody(code), cursor - headerLength(code))
                : js().inspect(code, cursor);
        return text == null ? null : MimeBundles.text(text);
    }

    private static boolean inPythonCell(String code) {
        String s = code.stripLeading();
        return (s.startsWith("%%python") || s.startsWith("%%py\n") || s.startsWith("%%py ")) && s.indexOf('\n') > 0;
    }

    private static int headerLength(String code) {
        return code.indexOf('\n') + 1;
    }

    private static String cellBody(String code) {
        return code.substring(headerLength(code));
    }

    @Override
    public String isComplete(String code) {
        switch (js().isComplete(code)) {
            case "complete":
                return IS_COMPLETE_YES;
            case "invalid":
                return IS_COMPLETE_BAD;
            default:
                return "";
        }
    }

    @Override
    public LanguageInfo getLanguageInfo() {
        return new LanguageInfo.Builder(KernelSpec.JS.language())
                .version(ECMASCRIPT)
                .mimetype("text/javascript")
                .fileExtension(".js")
                .pygments("javascript")
                .codemirror("javascript")
                .build();
    }

    @Override
    public String getBanner() {
        return "TaSL Studio kernel: JavaScript (GraalJS) on the JVM with tasl-core; require('tasl'), %lsmagic lists the magics.";
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        experiments.cancelAll();
        DashboardHook.stop();
        java.close();
        python.close();
        if (session.isDone() && !session.isCompletedExceptionally()) {
            session.join().close();
        }
    }
}
