package org.tasl.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON in and out as plain maps and lists (the shape events and run files share), with
 * errors that name the file and where in it the problem is.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Pretty-printed JSON (files people read). */
    public static String pretty(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** One-line JSON (events.jsonl, SSE). NaN and infinities become null: JSON has none. */
    public static String compact(Object value) {
        try {
            return COMPACT.writeValueAsString(sanitize(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Replaces non-finite doubles by null, recursively, so the output is valid JSON. */
    public static Object sanitize(Object value) {
        if (value instanceof Double d && !Double.isFinite(d)) {
            return null;
        }
        if (value instanceof Float f && !Float.isFinite(f)) {
            return null;
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, sanitize(v)));
            return out;
        }
        if (value instanceof Iterable<?> it) {
            List<Object> out = new ArrayList<>();
            it.forEach(v -> out.add(sanitize(v)));
            return out;
        }
        if (value instanceof double[] a) {
            List<Object> out = new ArrayList<>();
            for (double d : a) {
                out.add(sanitize(d));
            }
            return out;
        }
        if (value instanceof double[][] a) {
            List<Object> out = new ArrayList<>();
            for (double[] row : a) {
                out.add(sanitize(row));
            }
            return out;
        }
        return value;
    }

    public static Map<String, Object> parseObject(String text, String source) {
        Object v = parse(text, source);
        if (!(v instanceof Map)) {
            throw new IllegalArgumentException(source + ": expected a JSON object, found " + kind(v));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        return m;
    }

    public static Object parse(String text, String source) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw malformed(source, e);
        }
    }

    public static Object read(InputStream in, String source) {
        try {
            return MAPPER.readValue(in, Object.class);
        } catch (JsonProcessingException e) {
            throw malformed(source, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    public static Map<String, Object> readObject(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parseObject(text, file.toString());
    }

    public static void writeAtomically(Path file, Object value) {
        AtomicFiles.writeString(file, pretty(sanitize(value)) + "\n");
    }

    public static <T> T convert(Object value, TypeReference<T> type) {
        return MAPPER.convertValue(value, type);
    }

    static IllegalArgumentException malformed(String source, JsonProcessingException e) {
        var loc = e.getLocation();
        String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return new IllegalArgumentException(source + ": malformed JSON" + where + ": " + e.getOriginalMessage(), e);
    }

    /** A short word for what a JSON value is, for error messages. */
    public static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        return v.getClass().getSimpleName();
    }

    // --- typed access to parsed maps, with messages naming the file and key ---

    public static String string(Map<String, Object> m, String key, String source) {
        Object v = m.get(key);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(source + ": field '" + key + "' must be a string, found " + kind(v));
        }
        return s;
    }

    public static double number(Map<String, Object> m, String key, String source) {
        Object v = m.get(key);
        if (v == null && m.containsKey(key)) {
            return Double.NaN; // NaN is written as null
        }
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException(source + ": field '" + key + "' must be a number, found " + kind(v));
        }
        return n.doubleValue();
    }

    public static List<?> list(Map<String, Object> m, String key, String source) {
        Object v = m.get(key);
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(source + ": field '" + key + "' must be an array, found " + kind(v));
        }
        return l;
    }

    public static double[] doubles(Object v, String what) {
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(what + " must be an array of numbers, found " + kind(v));
        }
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            Object x = l.get(i);
            if (x == null) {
                out[i] = Double.NaN;
            } else if (x instanceof Number n) {
                out[i] = n.doubleValue();
            } else {
                throw new IllegalArgumentException(what + "[" + i + "] must be a number, found " + kind(x));
            }
        }
        return out;
    }
}
