package org.tasl.polyglot;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a script context is wired to its host: standard streams, {@code sys.argv} /
 * {@code process.argv}, working directory, and any Java classes beyond the default
 * allow-list of {@link HostAccessPolicy}. Defaults: the JVM's own streams, no arguments,
 * the JVM's working directory.
 */
public final class ScriptOptions {
    InputStream in = System.in;
    OutputStream out = System.out;
    OutputStream err = System.err;
    String scriptName = "";
    List<String> argv = new ArrayList<>();
    Path workingDir;
    final List<String> extraAllowedClasses = new ArrayList<>();
    String facadeClass = HostAccessPolicy.FACADE_CLASS;

    public static ScriptOptions defaults() {
        return new ScriptOptions();
    }

    public ScriptOptions streams(InputStream in, OutputStream out, OutputStream err) {
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        return this;
    }

    /** The script's name (sys.argv[0]) and its arguments (sys.argv[1:]). */
    public ScriptOptions argv(String scriptName, List<String> args) {
        this.scriptName = scriptName == null ? "" : scriptName;
        this.argv = new ArrayList<>(args == null ? List.of() : args);
        return this;
    }

    public ScriptOptions workingDir(Path dir) {
        this.workingDir = dir;
        return this;
    }

    /**
     * Widens the Java classes a script may look up and use: exact class names or package
     * prefixes ending in {@code .*} (e.g. {@code ai.djl.ndarray.*}); a lone {@code *} opens
     * every public Java member (full trust, for one's own research scripts).
     */
    public ScriptOptions allowJava(String... patterns) {
        for (String p : patterns) {
            if (p != null && !p.isBlank()) {
                extraAllowedClasses.add(p.trim());
            }
        }
        return this;
    }

    /** The facade class the Python/JS layer calls; tests point it at a double. */
    public ScriptOptions facadeClass(String name) {
        this.facadeClass = Objects.requireNonNull(name, "facade class");
        return this;
    }

    String[] arguments() {
        List<String> all = new ArrayList<>();
        all.add(scriptName);
        all.addAll(argv);
        return all.toArray(String[]::new);
    }
}
