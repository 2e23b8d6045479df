package org.tasl.polyglot;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.graalvm.polyglot.HostAccess;

/**
 * Which Java a Python or JavaScript script may touch. This is API hygiene, not a sandbox: a
 * script still reads and writes files like any Python program (it is the user's own code on
 * the user's machine); what the policy fixes is the Java surface scripts depend on, so that
 * engine internals can change without breaking notebooks.
 *
 * <p>A script may use, and look up with {@code java.type(...)} / {@code import java}:
 * <ol>
 *   <li>the facade {@code org.tasl.api.Tasl} and every {@code org.tasl.*} type reachable from
 *       its public signatures (return, parameter and generic argument types, transitively):
 *       all their public members;</li>
 *   <li>the event contract ({@code RunEvent}, {@code RunListener}), {@code ImportanceMetric},
 *       {@code org.tasl.Version};</li>
 *   <li>the bridge classes of this package, through {@link HostAccess.Export} only;</li>
 *   <li>a few plain JDK value and collection classes ({@link #JDK_CLASSES});</li>
 *   <li>classes the host adds ({@link ScriptOptions#allowJava}): exact names; {@code *} opens
 *       all public Java (full trust).</li>
 * </ol>
 * Everything else is refused: {@code java.type('java.lang.Runtime')} raises. Java arrays,
 * lists, maps, iterators and buffers behave like their Python/JS counterparts; Python/JS
 * functions can stand in for Java functional interfaces (listeners, metrics).
 */
public final class HostAccessPolicy {

    /** The facade of ARCHITECTURE.md; the only engine class the script layer addresses. */
    public static final String FACADE_CLASS = "org.tasl.api.Tasl";

    /** Plain JDK classes a script may construct and call: values and collections only. */
    public static final List<String> JDK_CLASSES = List.of(
            "java.lang.Math", "java.lang.String", "java.lang.StringBuilder",
            "java.lang.Integer", "java.lang.Long", "java.lang.Double", "java.lang.Float",
            "java.lang.Boolean", "java.lang.Character", "java.lang.Throwable",
            "java.util.ArrayList", "java.util.LinkedList", "java.util.HashMap",
            "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.HashSet",
            "java.util.LinkedHashSet", "java.util.Arrays", "java.util.Collections",
            "java.util.List", "java.util.Map", "java.util.Set", "java.util.Random",
            "java.time.Instant", "java.time.Duration",
            "java.nio.file.Path", "java.nio.file.Paths");

    /** Contract classes that are always allowed, whether or not the facade mentions them. */
    static final List<String> CONTRACT_CLASSES = List.of(
            "org.tasl.Version", "org.tasl.event.RunEvent", "org.tasl.event.RunEvent$Type",
            "org.tasl.event.RunListener", "org.tasl.cl.ImportanceMetric");

    /** Bridge classes: exported members only (they carry {@link HostAccess.Export}). */
    static final List<Class<?>> BRIDGE_CLASSES = List.of(
            ScriptBridge.class, RunHandle.class, ScriptTensor.class);

    private final boolean fullTrust;
    private final Set<Class<?>> memberClasses;
    private final Set<String> lookupNames;
    private HostAccess hostAccess;

    private HostAccessPolicy(boolean fullTrust, Set<Class<?>> memberClasses, Set<String> lookupNames) {
        this.fullTrust = fullTrust;
        this.memberClasses = memberClasses;
        this.lookupNames = lookupNames;
    }

    /**
     * The policy for a facade class name and the host's extra patterns. A facade that is not
     * on the classpath (engine not built) leaves just the contract, JDK and bridge classes.
     */
    public static HostAccessPolicy of(String facadeClass, Collection<String> extra) {
        boolean all = extra.contains("*");
        Set<Class<?>> classes = new LinkedHashSet<>();
        ClassLoader cl = HostAccessPolicy.class.getClassLoader();
        Class<?> facade = load(facadeClass, cl);
        if (facade != null) {
            classes.addAll(apiClosure(facade));
        }
        for (String n : CONTRACT_CLASSES) {
            Class<?> c = load(n, cl);
            if (c != null) {
                classes.addAll(apiClosure(c));
            }
        }
        for (String n : JDK_CLASSES) {
            classes.add(load(n, cl));
        }
        for (String n : extra) {
            if (!n.equals("*")) {
                Class<?> c = load(n, cl);
                if (c == null) {
                    throw new IllegalArgumentException("allowed Java class '" + n
                            + "' is not on the classpath (expected a fully qualified class name, or *)");
                }
                classes.add(c);
            }
        }
        classes.remove(null);
        Set<String> names = new LinkedHashSet<>();
        for (Class<?> c : classes) {
            names.add(c.getName());
        }
        for (Class<?> c : BRIDGE_CLASSES) {
            names.add(c.getName());
        }
        return new HostAccessPolicy(all, classes, names);
    }

    /** True when {@code *} was given: every public Java member and class is reachable. */
    public boolean fullTrust() {
        return fullTrust;
    }

    /** Names a script may look up (java.type / import java); binary names for nested classes. */
    public Set<String> lookupNames() {
        return Set.copyOf(lookupNames);
    }

    public Predicate<String> classLookup() {
        if (fullTrust) {
            return name -> true;
        }
        Set<String> names = Set.copyOf(lookupNames);
        return names::contains;
    }

    /** Built once per policy: contexts of one engine must share the very same configuration. */
    public synchronized HostAccess hostAccess() {
        if (hostAccess == null) {
            hostAccess = fullTrust ? HostAccess.ALL : build();
        }
        return hostAccess;
    }

    private HostAccess build() {
        HostAccess.Builder b = HostAccess.newBuilder()
                .allowAccessAnnotatedBy(HostAccess.Export.class)
                .allowImplementationsAnnotatedBy(HostAccess.Implementable.class)
                .allowImplementationsAnnotatedBy(FunctionalInterface.class)
                .allowArrayAccess(true)
                .allowListAccess(true)
                .allowMapAccess(true)
                .allowIterableAccess(true)
                .allowIteratorAccess(true)
                .allowBufferAccess(true)
                .allowBigIntegerNumberAccess(true)
                .allowAccessInheritance(true);
        for (String m : List.of("toString", "equals", "hashCode")) {
            for (Method om : Object.class.getMethods()) {
                if (om.getName().equals(m)) {
                    b.allowAccess(om);
                }
            }
        }
        for (Class<?> c : memberClasses) {
            allowPublicMembers(b, c);
            if (c.isInterface()) {
                b.allowImplementations(c);
            }
        }
        return b.build();
    }

    private static void allowPublicMembers(HostAccess.Builder b, Class<?> c) {
        if (!Modifier.isPublic(c.getModifiers())) {
            return;
        }
        for (Method m : c.getMethods()) {
            if (m.getDeclaringClass() != Object.class) {
                b.allowAccess(m);
            }
        }
        for (Constructor<?> k : c.getConstructors()) {
            b.allowAccess(k);
        }
        for (Field f : c.getFields()) {
            b.allowAccess(f);
        }
    }

    /** The class plus every org.tasl type its public signatures mention, transitively. */
    static Set<Class<?>> apiClosure(Class<?> root) {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (!isProjectType(c) || !seen.add(c)) {
                continue;
            }
            for (Method m : c.getMethods()) {
                if (m.getDeclaringClass() == Object.class) {
                    continue;
                }
                collect(m.getGenericReturnType(), todo);
                for (Type p : m.getGenericParameterTypes()) {
                    collect(p, todo);
                }
            }
            for (Constructor<?> k : c.getConstructors()) {
                for (Type p : k.getGenericParameterTypes()) {
                    collect(p, todo);
                }
            }
            for (Field f : c.getFields()) {
                collect(f.getGenericType(), todo);
            }
            for (Class<?> nested : c.getClasses()) {
                todo.add(nested);
            }
        }
        return seen;
    }

    private static void collect(Type t, Deque<Class<?>> todo) {
        if (t instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            todo.add(c);
        } else if (t instanceof ParameterizedType p) {
            collect(p.getRawType(), todo);
            for (Type a : p.getActualTypeArguments()) {
                collect(a, todo);
            }
        } else if (t instanceof GenericArrayType g) {
            collect(g.getGenericComponentType(), todo);
        } else if (t instanceof WildcardType w) {
            for (Type u : w.getUpperBounds()) {
                collect(u, todo);
            }
            for (Type l : w.getLowerBounds()) {
                collect(l, todo);
            }
        }
    }

    private static boolean isProjectType(Class<?> c) {
        return c.getName().startsWith("org.tasl.") && !c.getName().startsWith("org.tasl.polyglot.")
                && Modifier.isPublic(c.getModifiers());
    }

    private static Class<?> load(String name, ClassLoader cl) {
        try {
            return Class.forName(name, false, cl);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
