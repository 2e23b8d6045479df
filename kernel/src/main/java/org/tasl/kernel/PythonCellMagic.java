package org.tasl.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * {@code %%python} in the JavaScript kernel: a GraalPy session like the Python kernel's (same
 * display, line magics and error reports), started on first use since a Python context costs
 * seconds. The notebook's JavaScript globals are the Python object {@code js} ({@code js.x} reads,
 * {@code js.y = ...} sets) and the Python globals are {@code py} in JavaScript.
 */
final class PythonCellMagic implements AutoCloseable {
    private final InputStream in;
    private final OutputStream out;
    private final OutputStream err;
    private final Map<String, ProxyExecutable> host;
    private final Supplier<JsSession> js;
    private volatile PythonSession python;

    PythonCellMagic(InputStream in, OutputStream out, OutputStream err, Map<String, ProxyExecutable> host, Supplier<JsSession> js) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.host = host;
        this.js = js;
    }

    DisplayData run(String body, int count) throws KernelError {
        return session().run(body, count);
    }

    synchronized PythonSession session() {
        if (python == null) {
            PythonSession p = new PythonSession(in, out, err, host);
            p.setGlobal("js", new GuestGlobals(() -> GuestGlobals.of(js.get())));
            JavaSnippets.bind(p);
            python = p;
        }
        return python;
    }

    void interrupt(Duration wait) throws TimeoutException {
        PythonSession p = python;
        if (p != null) {
            p.interrupt(wait);
        }
    }

    @Override
    public synchronized void close() {
        if (python != null) {
            python.close();
            python = null;
        }
    }
}
