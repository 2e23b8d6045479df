package org.tasl.kernel;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
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
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;
import org.tasl.polyglot.ScriptOptions;
import org.tasl.polyglot.TaslPolyglot;

/**
 * The notebook's JavaScript: one GraalJS context (from {@link TaslPolyglot}: {@code require('tasl')}
 * and the {@code tasl} global, full Java access as a notebook is the user's own code).
 *
 * <p>Each cell is evaluated as its own {@link Source} (a script named {@code <cell N>}) in that
 * one context, the way the {@code <script>} elements of a page share one global scope: {@code var}
 * and function declarations become properties of {@code globalThis}, and top-level {@code let},
 * {@code const} and {@code class} declarations live on in the global lexical scope, so every
 * variable survives between cells. As in JavaScript itself, a name declared with
 * {@code let}/{@code const}/{@code class} cannot be declared a second time (running such a cell
 * again reports it with a hint); {@code var} can. The value of the cell (its last expression
 * statement) is the result. The JavaScript half, {@code js_kernel.js}, renders values and answers
 * completion and inspection.
 */
public final class JsSession implements AutoCloseable {
    private final Context context;
    private final Value kernelJs;

    /**
     * @param host Java callables the JavaScript half may call: {@code publish(kind, json, displayId)},
     *             {@code track(experiment, running) -> cancelled}, {@code dashboard(dir) -> html}
     */
    public JsSession(InputStream in, OutputStream out, OutputStream err, Map<String, ProxyExecutable> host) {
        this.context = TaslPolyglot.newJsContext(ScriptOptions.defaults().streams(in, out, err).allowJava("*"));
        Map<String, Object> all = new HashMap<>(host);
        all.put("base64", (ProxyExecutable) a -> java.util.Base64.getEncoder().encodeToString(a[0].as(byte[].class)));
        all.put("javaMembers", (ProxyExecutable) a -> JavaMembers.names(a[0]).toArray(String[]::new));
        all.put("describeJava", (ProxyExecutable) a -> JavaMembers.describe(a[0]));
        all.put("globalNames", (ProxyExecutable) a -> context.getBindings(TaslPolyglot.JS).getMemberKeys().toArray(String[]::new));
        all.put("environment", (ProxyExecutable) a -> new com.google.gson.Gson().toJson(System.getenv()));
        Source setup = Source.newBuilder(TaslPolyglot.JS, resource("js_kernel.js"), "<tasl-js kernel>").internal(true).buildLiteral();
        this.kernelJs = context.eval(setup).execute(ProxyObject.fromMap(all));
    }

    public Context context() {
        return context;
    }

    /** Runs a cell: the MIME bundle of its value, or null when the value is undefined. */
    public DisplayData run(String code, int count) throws KernelError {
        String js = kernelJs.getMember("transform").execute(code).asString();
        Source source = Source.newBuilder(TaslPolyglot.JS, js, "<cell " + count + ">").buildLiteral();
        Value v;
        try {
            v = context.eval(source);
        } catch (PolyglotException e) {
            if (e.isInterrupted() || e.isCancelled() || e.isExit()) {
                throw e;
            }
            throw JsErrors.of(e);
        }
        if (v == null || kernelJs.getMember("isUndefined").execute(v).asBoolean()) {
            return null;
        }
        return MimeBundles.fromData(call("bundle", v));
    }

    public PythonSession.Completion complete(String code, int cursor) {
        JsonObject o = call("complete", code, cursor);
        List<String> matches = new ArrayList<>();
        for (JsonElement m : o.getAsJsonArray("matches")) {
            matches.add(m.getAsString());
        }
        return new PythonSession.Completion(matches, o.get("start").getAsInt(), o.get("end").getAsInt());
    }

    /** Signature, type and members of the name at the cursor, or null. */
    public String inspect(String code, int cursor) {
        JsonObject o = call("inspectAt", code, cursor);
        return o.get("found").getAsBoolean() ? o.get("text").getAsString() : null;
    }

    /**
     * "complete", "incomplete" or "invalid": the cell parsed (not run) by GraalJS, which tells a
     * source that ends too early (an open block, bracket or template) from a wrong one.
     * Magic lines count as complete statements.
     */
    public String isComplete(String code) {
        if (code.stripLeading().startsWith("%%")) {
            return code.endsWith("\n\n") ? "complete" : "incomplete";
        }
        String js = kernelJs.getMember("transform").execute(code).asString();
        try {
            context.parse(Source.newBuilder(TaslPolyglot.JS, js, "<input>").buildLiteral());
            return "complete";
        } catch (PolyglotException e) {
            if (e.isIncompleteSource() || unclosedTemplate(js)) {
                return "incomplete";
            }
            return e.isSyntaxError() ? "invalid" : "complete";
        }
    }

    /** GraalJS reports an unterminated template literal as a plain syntax error: count backticks. */
    private static boolean unclosedTemplate(String js) {
        return js.chars().filter(c -> c == '`').count() % 2 == 1;
    }

    /** The names the notebook defined (var, let, const, class, function), sorted. */
    public List<String> userGlobals() {
        List<String> names = new ArrayList<>();
        for (JsonElement e : new JsonParser().parse(kernelJs.getMember("userGlobals").execute().asString()).getAsJsonArray()) {
            names.add(e.getAsString());
        }
        return names;
    }

    /** A global of the notebook (let/const included), or null when it has none. */
    public Value global(String name) {
        Value b = context.getBindings(TaslPolyglot.JS);
        return b.hasMember(name) ? b.getMember(name) : null;
    }

    public void setGlobal(String name, Object value) {
        context.getBindings(TaslPolyglot.JS).putMember(name, value);
    }

    /** Stops the JavaScript running now; the context stays usable. */
    public void interrupt(Duration wait) throws TimeoutException {
        context.interrupt(wait);
    }

    private JsonObject call(String fn, Object... args) {
        return GuestFunctions.callForJson(kernelJs, "tasl-js kernel: ", fn, args);
    }

    static String resource(String name) {
        try (InputStream in = JsSession.class.getResourceAsStream(name)) {
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
