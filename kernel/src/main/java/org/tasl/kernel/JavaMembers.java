package org.tasl.kernel;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.graalvm.polyglot.Value;

/**
 * What a Java object (or a class from {@code Java.type}) offers to a notebook: the names of its
 * public members for completion, and a short description (class and method signatures) for
 * inspection. GraalJS lists no members of host objects through {@code Object.getOwnPropertyNames}.
 */
final class JavaMembers {
    private static final int MAX_METHODS = 40;

    private JavaMembers() {}

    /** Public method and field names: instance members of an object, static ones of a class. */
    static List<String> names(Value v) {
        Class<?> c = classOf(v);
        boolean statics = isClass(v);
        TreeSet<String> out = new TreeSet<>();
        if (c == null) {
            return List.of();
        }
        for (Method m : c.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) == statics && m.getDeclaringClass() != Object.class) {
                out.add(m.getName());
            }
        }
        for (Field f : c.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) == statics) {
                out.add(f.getName());
            }
        }
        return List.copyOf(out);
    }

    /** "Java class: ..." and its public method signatures. */
    static String describe(Value v) {
        Class<?> c = classOf(v);
        if (c == null) {
            return "Java value: " + v;
        }
        boolean statics = isClass(v);
        List<String> methods = Arrays.stream(c.getMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()) == statics && m.getDeclaringClass() != Object.class)
                .map(JavaMembers::signature).sorted().distinct().collect(Collectors.toList());
        StringBuilder b = new StringBuilder(statics ? "Java class: " : "Java object of class: ").append(c.getName());
        if (!statics) {
            Object value = v.asHostObject();
            String text = String.valueOf(value);
            b.append("\nValue:     ").append(text.length() < 400 ? text : text.substring(0, 400) + "...");
        }
        b.append(statics ? "\nStatic methods:" : "\nMethods:");
        methods.stream().limit(MAX_METHODS).forEach(m -> b.append("\n  ").append(m));
        if (methods.size() > MAX_METHODS) {
            b.append("\n  ... ").append(methods.size() - MAX_METHODS).append(" more");
        }
        return b.toString();
    }

    private static String signature(Method m) {
        return m.getName() + "(" + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "))
                + ") -> " + m.getReturnType().getSimpleName();
    }

    private static boolean isClass(Value v) {
        return v.isHostObject() && v.asHostObject() instanceof Class<?>
                || v.isMetaObject() && !v.isHostObject();
    }

    private static Class<?> classOf(Value v) {
        if (v.isHostObject()) {
            Object o = v.asHostObject();
            return o instanceof Class<?> k ? k : o.getClass();
        }
        if (v.isMetaObject()) {
            try {
                return Class.forName(v.getMetaQualifiedName());
            } catch (ClassNotFoundException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }
}
