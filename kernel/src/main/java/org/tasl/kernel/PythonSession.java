package org.tasl.kernel;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;
import org.tasl.polyglot.ScriptOptions;
import org.tasl.polyglot.TaslPolyglot;

/**
 * The notebook's Python: one GraalPy context (from {@link TaslPolyglot}, full Java access, as a
 * notebook is the user's own code) whose {@code __main__} globals persist across cells. The work
 * is done by the {@code tasl_kernel} Python module (resource next to this class); this class
 * calls it and turns its JSON answers into Java values.
 */
public final class PythonSession implements AutoCloseable {
    /**
     * The kernel's Python modules (resources next to this class), one per concern, in load
     * order: each imports only those before it; {@code tasl_kernel} (last) re-exports them.
     */
    static final List<String> PYTHON_MODULES = List.of("tasl_kernel_host", "tasl_kernel_display", "tasl_kernel_magics",
            "tasl_kernel_inspect", "tasl_kernel_progress", "tasl_kernel");

    private final Context context;
    private final Value kernelModule;
    private final Value globals;

    /**
     * @param host Java callables the Python side may call: {@code publish(kind, json, displayId)},
     *             {@code track(experiment, running) -> cancelled}, {@code dashboard(dir) -> html}
     */
    public PythonSession(InputStream in, OutputStream out, OutputStream err, Map<String, ProxyExecutable> host) {
        this.context = TaslPolyglot.newPythonContext(ScriptOptions.defaults().streams(in, out, err).allowJava("*"));
        this.globals = context.getBindings(TaslPolyglot.PYTHON);
        Value loader = context.eval(TaslPolyglot.PYTHON,
                "def _tasl_kernel_load(name, src):\n"
                + "    import sys, types\n"
                + "    m = types.ModuleType(name)\n"
                + "    m.__file__ = '<' + name + '>'\n"
                + "    exec(compile(src, m.__file__, 'exec'), m.__dict__)\n"
                + "    sys.modules[name] = m\n"
                + "    return m\n"
                + "_tasl_kernel_load\n");
        Value module = null;
        for (String name : PYTHON_MODULES) {
            module = loader.execute(name, resource(name + ".py"));
        }
        this.kernelModule = module;
        globals.removeMember("_tasl_kernel_load");
        Map<String, Object> hostMap = new HashMap<>(host);
        Value mainDict = context.eval(TaslPolyglot.PYTHON, "__import__('sys').modules['__main__'].__dict__");
        kernelModule.getMember("_setup").execute(ProxyObject.fromMap(hostMap), mainDict);
    }

    public Context context() {
        return context;
    }

    /** Runs a cell: the MIME bundle of its trailing expression, or null when there is none. */
    public DisplayData run(String code, int count) throws KernelError {
        JsonObject answer = call("run_cell", code, count);
        if (answer.has("error")) {
            JsonObject e = answer.getAsJsonObject("error");
            List<String> tb = new ArrayList<>();
            for (JsonElement l : e.getAsJsonArray("traceback")) {
                tb.add(l.getAsString());
            }
            throw new KernelError(e.get("ename").getAsString(), e.get("evalue").getAsString(), tb);
        }
        JsonElement r = answer.get("result");
        return r == null || r.isJsonNull() ? null : MimeBundles.fromData(r.getAsJsonObject());
    }

    /** Completions at {@code cursor}: [matches, start, end]. */
    public Completion complete(String code, int cursor) {
        JsonObject o = call("complete", code, cursor);
        List<String> matches = new ArrayList<>();
        for (JsonElement m : o.getAsJsonArray("matches")) {
            matches.add(m.getAsString());
        }
        return new Completion(matches, o.get("start").getAsInt(), o.get("end").getAsInt());
    }

    public record Completion(List<String> matches, int start, int end) {}

    /** Signature and docstring of the name at the cursor, or null. */
    public String inspect(String code, int cursor) {
        JsonObject o = call("inspect_at", code, cursor);
        return o.get("found").getAsBoolean() ? o.get("text").getAsString() : null;
    }

    /** {"complete"|"incomplete"|"invalid", indent}. */
    public String[] isComplete(String code) {
        JsonObject o = call("is_complete", code);
        return new String[] {o.get("status").getAsString(), o.get("indent").getAsString()};
    }

    /** A Python global of the notebook, as a polyglot value (null when undefined). */
    public Value global(String name) {
        return globals.hasMember(name) ? globals.getMember(name) : null;
    }

    public void setGlobal(String name, Object value) {
        globals.putMember(name, value);
    }

    /** Stops the Python code running now; the context stays usable. */
    public void interrupt(Duration wait) throws TimeoutException {
        context.interrupt(wait);
    }

    private JsonObject call(String fn, Object... args) {
        return GuestFunctions.callForJson(kernelModule, "tasl_kernel.", fn, args);
    }

    private static String resource(String name) {
        try (InputStream in = PythonSession.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("kernel resource " + name + " missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        context.close(true);
    }
}
