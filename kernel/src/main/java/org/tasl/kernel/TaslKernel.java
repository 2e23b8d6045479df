package org.tasl.kernel;

import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;

/**
 * The TaSL Jupyter kernel: routes Jupyter messages. Python cells go to {@link PythonSession},
 * {@code %%js} to {@link JsMagic}, {@code %%java} to {@link JavaMagic}; line magics and rich
 * display live in the Python side ({@code tasl_kernel.py}). What both kernels share (start-up on a
 * background thread, magics, errors, interrupts that cancel running experiments first) is in
 * {@link GuestKernel}.
 *
 * <p>Execute requests go through {@link ExecuteHandler} (shared with {@link JsKernel}) so that errors carry Python's
 * exception name (basekernel would report the Java class) and output is streamed to the cell
 * while it runs.
 */
public final class TaslKernel extends GuestKernel<PythonSession> {
    private final JsMagic js;

    public TaslKernel() {
        super("tasl", "Python");
        startSession("tasl-python-context", () -> {
            PythonSession p = new PythonSession(noInput, cellOut, cellErr, host.callables());
            JavaSnippets.bind(p);
            return p;
        });
        this.js = new JsMagic(this::session, noInput, cellOut, cellErr);
    }

    @Override
    DisplayData runCell(String code, int count) throws KernelError {
        return session().run(code, count);
    }

    @Override
    DisplayData runMagic(String magic, String body, int count) throws KernelError {
        switch (magic) {
            case "js":
            case "javascript":
                return js.run(body);
            default:
                throw unknownMagic(magic, "%%js, %%java");
        }
    }

    @Override
    void interruptGuest(String magic) throws Exception {
        if ("js".equals(magic) || "javascript".equals(magic)) {
            js.interrupt(Duration.ofSeconds(10));
        } else {
            session().interrupt(Duration.ofSeconds(10));
        }
    }

    @Override
    public ReplacementOptions complete(String code, int cursor) {
        PythonSession.Completion c = session().complete(code, cursor);
        return new ReplacementOptions(new ArrayList<>(c.matches()), c.start(), c.end());
    }

    @Override
    public DisplayData inspect(String code, int cursor, boolean extraDetail) {
        String text = session().inspect(code, cursor);
        return text == null ? null : MimeBundles.text(text);
    }

    @Override
    public String isComplete(String code) {
        String[] r = session().isComplete(code);
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
            if (!sessionStarted()) {
                return "3"; // kernel_info does not wait for GraalPy; later requests get the full version
            }
            try {
                pythonVersion = session().context().eval("python", "import platform; platform.python_version()").asString();
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
    void closeGuests() {
        js.close();
    }
}
