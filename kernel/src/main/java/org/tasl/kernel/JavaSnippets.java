package org.tasl.kernel;

import org.graalvm.polyglot.Value;

/**
 * What {@code %%java} snippets see of the notebook (statically imported into each snippet):
 * {@code py("name")} reads a Python variable ({@code Java objects come back as themselves, Python
 * values as their Java views), {@code py("name", value)} sets one; in the tasl-js kernel
 * {@code js("name")} / {@code js("name", value)} do the same for JavaScript globals. Snippets run in the kernel's
 * JVM, so every Java object (a {@code RunResult}, an {@code Experiment}) is the same object.
 */
public final class JavaSnippets {
    private static volatile PythonSession session;
    private static volatile JsSession jsSession;

    private JavaSnippets() {}

    static void bind(PythonSession s) {
        session = s;
    }

    static void bindJs(JsSession s) {
        jsSession = s;
    }

    /** The JavaScript global {@code name} of the tasl-js kernel, let/const included (null when undefined). */
    public static Object js(String name) {
        return CrossContext.toHost(requireJs().global(name));
    }

    /** Sets the JavaScript global {@code name} of the tasl-js kernel. */
    public static void js(String name, Object value) {
        requireJs().setGlobal(name, value);
    }

    private static JsSession requireJs() {
        JsSession s = jsSession;
        if (s == null) {
            throw new IllegalStateException("no JavaScript notebook session in this JVM (js(...) is for the tasl-js kernel)");
        }
        return s;
    }

    /** The Python global {@code name} (null when undefined). */
    public static Object py(String name) {
        Value v = require().global(name);
        return CrossContext.toHost(v);
    }

    /** Sets the Python global {@code name}. */
    public static void py(String name, Object value) {
        require().setGlobal(name, value);
    }

    private static PythonSession require() {
        PythonSession s = session;
        if (s == null) {
            throw new IllegalStateException("no notebook session in this JVM");
        }
        return s;
    }
}
