package org.tasl.kernel;

import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.time.Duration;
import java.util.ArrayList;

/**
 * The kernel "TaSL (JavaScript on JVM)" ({@code tasl-js}): routes Jupyter messages. Cells are
 * JavaScript ({@link JsSession}, GraalJS with {@code require('tasl')}); {@code %%python} goes to
 * {@link PythonCellMagic}, {@code %%java} to {@link JavaMagic}. What both kernels share (start-up
 * on a background thread, magics, errors, interrupts) is in {@link GuestKernel}.
 */
public final class JsKernel extends GuestKernel<JsSession> {
    /** The ECMAScript edition TaslPolyglot asks GraalJS for. */
    static final String ECMASCRIPT = "ECMAScript 2022";

    private final PythonCellMagic python;

    public JsKernel() {
        super("tasl-js", "JavaScript");
        this.python = new PythonCellMagic(noInput, cellOut, cellErr, host.callables(), this::session);
        PythonCellMagic py = python;
        startSession("tasl-js-context", () -> {
            JsSession js = new JsSession(noInput, cellOut, cellErr, host.callables());
            // The Python globals as `py`; the Python session itself starts on first use.
            js.setGlobal("py", new GuestGlobals(() -> GuestGlobals.of(py.session())));
            JavaSnippets.bindJs(js);
            return js;
        });
    }

    @Override
    DisplayData runCell(String code, int count) throws KernelError {
        return session().run(code, count);
    }

    @Override
    DisplayData runMagic(String magic, String body, int count) throws KernelError {
        switch (magic) {
            case "python":
            case "py":
                return python.run(body, count);
            case "js":
            case "javascript":
                return session().run(body, count);
            default:
                throw unknownMagic(magic, "%%python, %%java");
        }
    }

    @Override
    void interruptGuest(String magic) throws Exception {
        if ("python".equals(magic) || "py".equals(magic)) {
            python.interrupt(Duration.ofSeconds(10));
        } else {
            session().interrupt(Duration.ofSeconds(10));
        }
    }

    @Override
    public ReplacementOptions complete(String code, int cursor) {
        PythonSession.Completion c = inPythonCell(code) ? python.session().complete(cellBody(code), cursor - headerLength(code))
                : session().complete(code, cursor);
        int shift = inPythonCell(code) ? headerLength(code) : 0;
        return new ReplacementOptions(new ArrayList<>(c.matches()), c.start() + shift, c.end() + shift);
    }

    @Override
    public DisplayData inspect(String code, int cursor, boolean extraDetail) {
        String text = inPythonCell(code) ? python.session().inspect(cellBody(code), cursor - headerLength(code))
                : session().inspect(code, cursor);
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
        switch (session().isComplete(code)) {
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
    void closeGuests() {
        python.close();
        if (sessionStarted()) {
            session().close();
        }
    }
}
