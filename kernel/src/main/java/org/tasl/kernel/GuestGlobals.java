package org.tasl.kernel;

import java.util.List;
import java.util.function.Supplier;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * One notebook language's globals as an object of another: {@code py.x} in JavaScript reads the
 * Python variable {@code x}, {@code js.x} in Python the JavaScript one; assigning sets it. Values
 * cross as Java objects ({@link CrossContext}), never as guest values of the other context. The
 * namespace is looked up on each access, so the other language's session may start late.
 */
final class GuestGlobals implements ProxyObject {
    /** The globals of one session. */
    interface Namespace {
        Value get(String name);

        void put(String name, Object value);

        List<String> names();
    }

    private final Supplier<Namespace> namespace;

    GuestGlobals(Supplier<Namespace> namespace) {
        this.namespace = namespace;
    }

    static Namespace of(PythonSession python) {
        return new Namespace() {
            @Override
            public Value get(String name) {
                return python.global(name);
            }

            @Override
            public void put(String name, Object value) {
                python.setGlobal(name, value);
            }

            @Override
            public List<String> names() {
                return python.context().getBindings(org.tasl.polyglot.TaslPolyglot.PYTHON).getMemberKeys().stream().toList();
            }
        };
    }

    static Namespace of(JsSession js) {
        return new Namespace() {
            @Override
            public Value get(String name) {
                return js.global(name);
            }

            @Override
            public void put(String name, Object value) {
                js.setGlobal(name, value);
            }

            @Override
            public List<String> names() {
                return js.context().getBindings(org.tasl.polyglot.TaslPolyglot.JS).getMemberKeys().stream().toList();
            }
        };
    }

    @Override
    public Object getMember(String key) {
        return CrossContext.toHost(namespace.get().get(key));
    }

    @Override
    public Object getMemberKeys() {
        return namespace.get().names().stream().filter(k -> !k.startsWith("_")).toArray(String[]::new);
    }

    @Override
    public boolean hasMember(String key) {
        return namespace.get().get(key) != null;
    }

    @Override
    public void putMember(String key, Value value) {
        namespace.get().put(key, CrossContext.toHost(value));
    }
}
