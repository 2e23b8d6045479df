package org.tasl.polyglot;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * The one door to GraalPy and GraalJS: one shared {@link Engine} per JVM (so a second
 * context reuses parsed and compiled code, ~0.5 s instead of ~4 s) and contexts where
 * {@code import tasl} (Python) and {@code require('tasl')} / the {@code tasl} global (JS) work,
 * under the Java access rules of {@link HostAccessPolicy}.
 *
 * <p>The optimizing runtime is used when the JVM provides it (JDK 25 with the Graal compiler
 * on the upgrade module path, as {@code ./tasl} starts it); otherwise Truffle interprets, and
 * the "interpreter only" warning is switched off here rather than by every caller.
 *
 * <pre>{@code
 * try (Context py = TaslPolyglot.newPythonContext(System.in, System.out, System.err)) {
 *     py.eval("python", "import tasl; print(tasl.__version__)");
 * }
 * }</pre>
 */
public final class TaslPolyglot {
    public static final String PYTHON = "python";
    public static final String JS = "js";
    /** Key in the polyglot bindings under which each context finds its {@link ScriptBridge}. */
    public static final String BRIDGE_BINDING = "tasl_bridge";

    private static final Map<String, Engine> ENGINES = new ConcurrentHashMap<>();
    private static final Map<String, HostAccessPolicy> POLICIES = new ConcurrentHashMap<>();

    private static volatile DashboardStarter dashboardStarter;

    private TaslPolyglot() {}

    /** Lets scripts start the dashboard (tasl.dashboard()); hosts with the dashboard module call this. */
    public static void setDashboardStarter(DashboardStarter starter) {
        dashboardStarter = starter;
    }

    static DashboardStarter dashboardStarter() {
        return dashboardStarter;
    }

    /**
     * The JVM-wide engine, created on first use. Truffle requires every
     * context of an engine to share one host-access configuration, so a host that widens the
     * policy ({@link ScriptOptions#allowJava}) gets one more engine for that policy.
     */
    public static Engine engine() {
        return engine(ScriptOptions.defaults());
    }

    static Engine engine(ScriptOptions o) {
        // Not closed by us: Truffle's own shutdown hook releases engines at JVM exit.
        return ENGINES.computeIfAbsent(policyKey(o),
                k -> Engine.newBuilder(PYTHON, JS).option("engine.WarnInterpreterOnly", "false").build());
    }

    static HostAccessPolicy policy(ScriptOptions o) {
        return POLICIES.computeIfAbsent(policyKey(o), k -> HostAccessPolicy.of(o.facadeClass, o.extraAllowedClasses));
    }

    private static String policyKey(ScriptOptions o) {
        return o.facadeClass + "|" + String.join(",", new TreeSet<>(o.extraAllowedClasses));
    }

    /** True when Truffle runs with the optimizing compiler, false when interpreting. */
    public static boolean isOptimizing() {
        return !engine().getImplementationName().toLowerCase(java.util.Locale.ROOT).contains("interpreted");
    }

    /** A Python context with {@code tasl} importable, wired to the given streams. */
    public static Context newPythonContext(InputStream in, OutputStream out, OutputStream err) {
        return newPythonContext(ScriptOptions.defaults().streams(in, out, err));
    }

    public static Context newPythonContext(ScriptOptions o) {
        Path pythonPath = PackageCache.root("python", "tasl/__init__.py");
        Context.Builder b = common(PYTHON, o)
                .option("python.PythonPath", pythonPath.toString())
                .option("python.ForceImportSite", "false")
                // Pure-Python stdlib only (no native extensions): keeps the context embeddable anywhere.
                .option("python.PosixModuleBackend", "java")
                .arguments(PYTHON, o.arguments());
        Context c = b.build();
        publishBridge(c, o);
        return c;
    }

    /** A JavaScript context with {@code require('tasl')} and a {@code tasl} global. */
    public static Context newJsContext(InputStream in, OutputStream out, OutputStream err) {
        return newJsContext(ScriptOptions.defaults().streams(in, out, err));
    }

    public static Context newJsContext(ScriptOptions o) {
        Path moduleDir = PackageCache.root("js", "node_modules/tasl/index.js").resolve("node_modules").resolve("tasl");
        Path cwd = o.workingDir != null ? o.workingDir : Path.of("").toAbsolutePath();
        Context c = common(JS, o)
                .option("js.commonjs-require", "true")
                .option("js.commonjs-require-cwd", cwd.toString())
                .option("js.commonjs-core-modules-replacements", "tasl:" + moduleDir.resolve("index.js"))
                .option("js.ecmascript-version", "2022")
                .arguments(JS, o.arguments())
                .build();
        publishBridge(c, o);
        Value args = c.eval(JS, "(function (argv) { globalThis.tasl = require('tasl');"
                + " globalThis.process = globalThis.process || {};"
                + " process.argv = Array.from(argv);"
                + " process.exit = function (code) { tasl._exit(code === undefined ? 0 : code); };"
                + " })");
        args.execute((Object) o.arguments());
        return c;
    }

    private static Context.Builder common(String language, ScriptOptions o) {
        HostAccessPolicy policy = policy(o);
        Context.Builder b = Context.newBuilder(language)
                .engine(engine(o))
                .in(o.in).out(o.out).err(o.err)
                .allowHostAccess(policy.hostAccess())
                .allowHostClassLookup(policy.classLookup())
                .allowIO(IOAccess.ALL)
                .allowCreateThread(true)
                .allowEnvironmentAccess(EnvironmentAccess.INHERIT)
                .allowExperimentalOptions(true)
                .allowPolyglotAccess(PolyglotAccess.newBuilder().allowBindingsAccess(language).build());
        if (o.workingDir != null) {
            b.currentWorkingDirectory(o.workingDir.toAbsolutePath());
        }
        return b;
    }

    private static void publishBridge(Context c, ScriptOptions o) {
        c.getPolyglotBindings().putMember(BRIDGE_BINDING, new ScriptBridge(o.facadeClass));
    }
}
