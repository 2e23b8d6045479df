package org.tasl.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * {@code %%java}: JShell with {@code LocalExecutionControl} — snippets are compiled by JShell and
 * run in this very JVM (no second process), on the kernel's classpath, so they see the same
 * objects as Python: {@code py("name")} / {@code py("name", value)} ({@link JavaSnippets}).
 * Declarations persist across {@code %%java} cells; the value of a trailing expression is shown.
 */
final class JavaMagic implements AutoCloseable {
    private final PrintStream out;
    private JShell shell;

    JavaMagic(PrintStream out) {
        this.out = out;
    }

    DisplayData run(String body) throws KernelError {
        JShell js = shell();
        SourceCodeAnalysis sca = js.sourceCodeAnalysis();
        String remaining = body;
        String lastValue = null;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = sca.analyzeCompletion(remaining);
            String src = info.source();
            if (src == null || info.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE) {
                throw new KernelError("IncompleteSnippet", "incomplete Java snippet: " + remaining.strip(),
                        List.of("%%java: incomplete snippet:", remaining.strip()));
            }
            remaining = info.remaining();
            lastValue = null;
            for (SnippetEvent ev : js.eval(src)) {
                if (ev.exception() != null) {
                    throw javaError(ev.exception());
                }
                if (ev.status() == Snippet.Status.REJECTED) {
                    List<String> lines = new ArrayList<>();
                    lines.add("%%java: the snippet did not compile:");
                    lines.add("  " + ev.snippet().source().strip());
                    js.diagnostics(ev.snippet()).forEach(d -> lines.add(describe(d, ev.snippet())));
                    throw new KernelError("CompilationError",
                            js.diagnostics(ev.snippet()).map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.joining("; ")),
                            lines);
                }
                Snippet.Kind kind = ev.snippet().kind();
                if (ev.causeSnippet() == null && ev.value() != null
                        && (kind == Snippet.Kind.EXPRESSION || kind == Snippet.Kind.VAR)) {
                    lastValue = ev.value();
                }
            }
        }
        out.flush();
        return lastValue == null ? null : MimeBundles.text(lastValue);
    }

    private static String describe(Diag d, Snippet s) {
        return "  " + (d.isError() ? "error: " : "warning: ") + d.getMessage(Locale.ROOT)
                + " (at character " + d.getStartPosition() + ")";
    }

    private static KernelError javaError(Exception e) {
        String name = e instanceof EvalException ee ? ee.getExceptionClassName()
                : e instanceof UnresolvedReferenceException ? "UnresolvedReference" : e.getClass().getName();
        List<String> lines = new ArrayList<>();
        lines.add("%%java snippet threw " + name + ": " + e.getMessage());
        for (StackTraceElement st : e.getStackTrace()) {
            if (st.getClassName().startsWith("REPL.")) {
                lines.add("    at snippet line " + st.getLineNumber());
            } else {
                lines.add("    at " + st);
            }
            if (lines.size() > 14) {
                break;
            }
        }
        if (e.getCause() != null) {
            lines.add("Caused by: " + e.getCause());
        }
        String simple = name.substring(name.lastIndexOf('.') + 1);
        return new KernelError(simple, String.valueOf(e.getMessage()), lines);
    }

    private synchronized JShell shell() {
        if (shell == null) {
            shell = JShell.builder().executionEngine("local").out(out).err(out).build();
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    shell.addToClasspath(entry);
                }
            }
            for (String imp : List.of("import static org.tasl.kernel.JavaSnippets.*;", "import java.util.*;",
                    "import org.tasl.api.*;", "import org.tasl.run.*;")) {
                shell.eval(imp);
            }
        }
        return shell;
    }

    void interrupt() {
        JShell s = shell;
        if (s != null) {
            s.stop();
        }
    }

    @Override
    public synchronized void close() {
        if (shell != null) {
            shell.close();
            shell = null;
        }
    }
}
