package org.tasl.polyglot;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import org.graalvm.polyglot.HostAccess.Export;
import org.graalvm.polyglot.Value;
import org.tasl.cl.ImportanceMetric;

/**
 * What the Python and JS packages need from Java beyond the facade itself: the facade's
 * name, JSON of engine objects (one crossing instead of a call per field), PNG bytes as
 * base64, background runs, script-written importance metrics, and {@code process.exit} for
 * JS. One instance per context, found in the polyglot bindings under
 * {@link TaslPolyglot#BRIDGE_BINDING}.
 */
public final class ScriptBridge {
    /** Python's json reads a bare NaN (an undefined FWT must stay a float there). */
    private static final ObjectMapper JSON = mapper(false);
    /** JSON.parse does not: JavaScript gets "NaN" / "Infinity" strings and revives them. */
    private static final ObjectMapper STRICT_JSON = mapper(true);

    private static ObjectMapper mapper(boolean nanAsString) {
        JsonMapper.Builder b = JsonMapper.builder().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        b = nanAsString ? b.enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS) : b.disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS);
        return b.build().registerModule(new SimpleModule().addSerializer(Path.class, new JsonSerializer<Path>() {
            @Override
            public void serialize(Path p, JsonGenerator g, SerializerProvider s) throws IOException {
                g.writeString(p.toString());
            }
        }));
    }

    private final String facadeClass;

    ScriptBridge(String facadeClass) {
        this.facadeClass = facadeClass;
    }

    /** The fully qualified name of the facade the script layer calls (org.tasl.api.Tasl). */
    @Export
    public String facadeClass() {
        return facadeClass;
    }

    @Export
    public String version() {
        return org.tasl.Version.VERSION;
    }

    @Export
    public boolean optimizing() {
        return TaslPolyglot.isOptimizing();
    }

    /** Any engine value (maps, lists, records, beans, arrays) as JSON; NaN stays NaN. */
    @Export
    public String toJson(Object value) {
        return json(value);
    }

    /**
     * A Java exception as JSON: {"chain": [{"class":..., "message":...}, ...]} from the
     * outermost to the root cause. Scripts use it instead of calling members of the
     * exception object (which GraalPy treats specially).
     */
    @Export
    public String describeError(Object error) {
        java.util.List<java.util.Map<String, String>> chain = new java.util.ArrayList<>();
        Throwable t = error instanceof Throwable th ? th : null;
        if (t instanceof org.graalvm.polyglot.PolyglotException pe && pe.isHostException()) {
            t = pe.asHostException();
        }
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (t != null && seen.add(t)) {
            java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
            m.put("class", t.getClass().getName());
            m.put("message", t.getMessage());
            chain.add(m);
            t = t.getCause();
        }
        return json(java.util.Map.of("chain", chain));
    }

    /** Like {@link #toJson} but strict JSON for JavaScript: NaN and infinities as the strings "NaN", "Infinity". */
    @Export
    public String toStrictJson(Object value) {
        return strictJson(value);
    }

    @Export
    public String base64(byte[] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    /** The importance heatmap of a run's task as base64 PNG, when the result cannot draw it itself. */
    @Export
    public String importancePng(org.tasl.run.RunResult r, int task) {
        return base64(Plots.importancePng(r, task));
    }

    @Export
    public String matrixPng(org.tasl.run.RunResult r) {
        return base64(Plots.matrixPng(r));
    }

    @Export
    public byte[] decodeBase64(String text) {
        return Base64.getDecoder().decode(text);
    }

    /** Starts the run on a Java thread; events come as JSON, strict (NaN as a string) for JS. */
    @Export
    public RunHandle startRun(Object experiment, boolean strictJson) {
        return RunHandle.start(experiment, strictJson);
    }

    /** Adapts a guest function (weight, grad) → scores to the engine's metric interface. */
    @Export
    public ImportanceMetric metric(Value function, String name) {
        return new GuestImportanceMetric(function, name);
    }

    /** The dashboard's URL for a runs folder, started by the host's {@link DashboardStarter}. */
    @Export
    public String dashboard(String runsDir, int port) throws Exception {
        DashboardStarter s = TaslPolyglot.dashboardStarter();
        if (s == null) {
            throw new NotAvailableException("the dashboard is not available in this host"
                    + " (no dashboard module registered); run ./tasl dashboard --runs DIR instead");
        }
        return s.start(runsDir == null ? null : Path.of(runsDir), port);
    }

    /** JS {@code process.exit(code)}: unwinds the script; the runner returns the code. */
    @Export
    public void exit(int code) {
        throw new ScriptExit(code);
    }

    /** Calls a public no-argument method of an engine object that may be of a non-public class. */
    static Object invoke(Object target, String name, Class<?>[] types, Object... args) throws ReflectiveOperationException {
        Method m = publicMethod(target.getClass(), name, types);
        if (m == null) {
            throw new NoSuchMethodException(target.getClass().getName() + "." + name);
        }
        try {
            return m.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) {
                throw new ReflectiveOperationException(ex.getMessage(), ex);
            }
            throw e;
        }
    }

    /** The method as declared by a public class or interface, so that it can be invoked. */
    static Method publicMethod(Class<?> c, String name, Class<?>... types) {
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(c);
        while (!todo.isEmpty()) {
            Class<?> k = todo.poll();
            if (Modifier.isPublic(k.getModifiers())) {
                try {
                    return k.getMethod(name, types);
                } catch (NoSuchMethodException ignored) {
                    // keep looking in supertypes
                }
            }
            if (k.getSuperclass() != null) {
                todo.add(k.getSuperclass());
            }
            todo.addAll(java.util.List.of(k.getInterfaces()));
        }
        return null;
    }

    static String strictJson(Object value) {
        return write(STRICT_JSON, value);
    }

    static String json(Object value) {
        return write(JSON, value);
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot convert " + value.getClass().getName() + " to JSON: " + e.getMessage(), e);
        }
    }
}
