package org.tasl.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Supplier;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.tasl.polyglot.ScriptOptions;
import org.tasl.polyglot.TaslPolyglot;

/**
 * {@code %%js}: GraalJS in the kernel's JVM, one context for the whole session (state persists
 * between {@code %%js} cells), with {@code require('tasl')}. The notebook's Python globals are
 * the object {@code py}: {@code py.x} reads a Python variable (Java objects arrive as the same
 * Java objects, Python values as polyglot views) and {@code py.y = ...} sets one.
 */
final class JsMagic implements AutoCloseable {
    private final Supplier<PythonSession> python;
    private final InputStream in;
    private final OutputStream out;
    private final OutputStream err;
    private Context js;

    JsMagic(Supplier<PythonSession> python, InputStream in, OutputStream out, OutputStream err) {
        this.python = python;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    DisplayData run(String body) throws KernelError {
        Context c = context();
        try {
            Value v = c.eval("js", body);
            if (v == null || v.isNull() || (v.toString().equals("undefined") && !v.isString())) {
                return null;
            }
            return MimeBundles.text(v.isString() ? "'" + v.asString() + "'" : v.toString());
        } catch (PolyglotException e) {
            if (e.isInterrupted() || e.isCancelled()) {
                throw e;
            }
            throw Tracebacks.fromGuest(e, "<%%js>");
        }
    }

    private synchronized Context context() {
        if (js == null) {
            js = TaslPolyglot.newJsContext(ScriptOptions.defaults().streams(in, out, err).allowJava("*"));
            js.getBindings("js").putMember("py", new GuestGlobals(() -> GuestGlobals.of(python.get())));
        }
        return js;
    }

    void interrupt(java.time.Duration wait) throws java.util.concurrent.TimeoutException {
        Context c = js;
        if (c != null) {
            c.interrupt(wait);
        }
    }

    @Override
    public synchronized void close() {
        if (js != null) {
            js.close(true);
            js = null;
        }
    }
}
