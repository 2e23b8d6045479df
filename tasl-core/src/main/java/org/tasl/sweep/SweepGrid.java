package org.tasl.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tasl.run.RunConfig;
import org.tasl.run.RunOption;
import org.tasl.run.RunOptions;
import org.tasl.util.Json;

/**
 * A grid of runs: axes (a run option and the values it takes, e.g. method = tasl, seqlora) and
 * fixed run options shared by every cell. The cells are the Cartesian product of the axes, in
 * axis order (the last axis varies fastest). Values are kept as written (what sweep.json and the
 * cell names show) and compared parsed (3e-4 and 0.0003 are the same learning rate).
 *
 * <p>Every key is a run option of {@link RunOptions}; {@code out} is not allowed (the sweep gives
 * each cell its own run directory). For a list option ({@code tasks}) the values of an axis are
 * separated by ';' on the command line and each value is the comma-separated list.
 */
public record SweepGrid(Map<String, List<String>> axes, Map<String, String> fixed) {

    public SweepGrid {
        Map<String, List<String>> a = new LinkedHashMap<>();
        axes.forEach((k, v) -> a.put(k, List.copyOf(v)));
        axes = Collections.unmodifiableMap(a);
        fixed = Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
    }

    /**
     * A checked grid: every key a run option, no empty axis, no value listed twice, no option both
     * an axis and fixed, and every value parses (so a typo fails before anything is written).
     */
    public static SweepGrid of(Map<String, List<String>> axes, Map<String, String> fixed) {
        Map<String, List<String>> a = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : axes.entrySet()) {
            String key = key(e.getKey(), "in the grid");
            if (a.containsKey(key)) {
                throw new IllegalArgumentException("grid axis '" + key + "' is given twice");
            }
            List<String> values = e.getValue();
            if (values == null || values.isEmpty() || values.stream().allMatch(String::isBlank)) {
                throw new IllegalArgumentException("grid axis '" + key + "' has an empty list of values: give at least one");
            }
            Set<Object> seen = new HashSet<>();
            List<String> kept = new ArrayList<>();
            for (String v : values) {
                String value = v.trim();
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("grid axis '" + key + "' has an empty value in " + values);
                }
                if (!seen.add(parse(key, value))) {
                    throw new IllegalArgumentException("grid axis '" + key + "' lists the value '" + value + "' twice");
                }
                kept.add(value);
            }
            a.put(key, kept);
        }
        Map<String, String> f = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : fixed.entrySet()) {
            String key = key(e.getKey(), "among the fixed options");
            if (a.containsKey(key)) {
                throw new IllegalArgumentException("option '" + key + "' is both a grid axis " + a.get(key)
                        + " and a fixed option '" + e.getValue() + "': give it once");
            }
            parse(key, e.getValue());
            f.put(key, e.getValue());
        }
        return new SweepGrid(a, f);
    }

    private static String key(String raw, String where) {
        String k = raw.startsWith("--") ? raw.substring(2) : raw;
        k = k.replace('-', '_');
        if (!RunOptions.has(k)) {
            List<String> known = new ArrayList<>();
            RunOptions.all().stream().filter(o -> o != RunOptions.OUT).forEach(o -> known.add(o.key()));
            throw new IllegalArgumentException("unknown run option '" + raw + "' " + where + "; known: "
                    + String.join(", ", known));
        }
        if (k.equals("out")) {
            throw new IllegalArgumentException("'out' cannot be set " + where
                    + ": every cell gets its own run directory SWEEP/runs/<cell> (give the sweep directory with --out)");
        }
        return k;
    }

    /**
     * A value as the run will see it, checked as a run checks it when set (the method name, the
     * protocol, eval_mode, precision...): a bad value in one cell fails before any cell runs.
     */
    static Object parse(String key, String value) {
        RunOption<?> o = RunOptions.get(key);
        try {
            Object v = o.parse(value);
            org.tasl.run.RunConfig.defaults().set(key, value);
            return v;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("grid option '" + key + "' value '" + value + "': " + e.getMessage(), e);
        }
    }

    /** The cells, in grid order, each with a unique directory-safe name. */
    public List<SweepCell> cells() {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (String v : axis.getValue()) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    m.put(axis.getKey(), v);
                    next.add(m);
                }
            }
            combos = next;
        }
        List<SweepCell> cells = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < combos.size(); i++) {
            String name = SweepCell.nameOf(combos.get(i));
            if (!names.add(name)) {
                name = name + "_c" + i;
                names.add(name);
            }
            cells.add(new SweepCell(i, name, combos.get(i)));
        }
        return cells;
    }

    /** The run options of one cell: the fixed options, then the cell's values (out is set by the caller). */
    public RunConfig config(SweepCell cell) {
        RunConfig c = RunConfig.defaults();
        fixed.forEach(c::set);
        cell.values().forEach(c::set);
        return c;
    }

    /** Where this grid and another differ (empty when they are the same grid), in words. */
    public List<String> differences(SweepGrid other) {
        List<String> d = new ArrayList<>();
        if (!List.copyOf(axes.keySet()).equals(List.copyOf(other.axes.keySet()))) {
            d.add("axes " + axes.keySet() + " vs " + other.axes.keySet());
        }
        for (Map.Entry<String, List<String>> e : axes.entrySet()) {
            List<String> o = other.axes.get(e.getKey());
            if (o != null && !parsedList(e.getKey(), e.getValue()).equals(parsedList(e.getKey(), o))) {
                d.add("axis " + e.getKey() + " " + e.getValue() + " vs " + o);
            }
        }
        Set<String> keys = new java.util.TreeSet<>(fixed.keySet());
        keys.addAll(other.fixed.keySet());
        for (String k : keys) {
            String a = fixed.get(k);
            String b = other.fixed.get(k);
            if (a == null || b == null || !Objects.equals(parse(k, a), parse(k, b))) {
                d.add("option " + k + " " + (a == null ? "(not set)" : "'" + a + "'") + " vs "
                        + (b == null ? "(not set)" : "'" + b + "'"));
            }
        }
        return d;
    }

    private static List<Object> parsedList(String key, List<String> values) {
        List<Object> out = new ArrayList<>();
        values.forEach(v -> out.add(parse(key, v)));
        return out;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("axes", axes);
        m.put("fixed", fixed);
        return m;
    }

    public static SweepGrid fromJson(Object json, String source) {
        if (!(json instanceof Map<?, ?> m) || !(m.get("axes") instanceof Map<?, ?> axes)
                || !(m.get("fixed") instanceof Map<?, ?> fixed)) {
            throw new IllegalArgumentException(source + ": field 'grid' must be an object with 'axes' and 'fixed'");
        }
        Map<String, List<String>> a = new LinkedHashMap<>();
        axes.forEach((k, v) -> {
            if (!(v instanceof List<?> l)) {
                throw new IllegalArgumentException(source + ": grid axis '" + k + "' must be a list, found " + Json.kind(v));
            }
            List<String> values = new ArrayList<>();
            l.forEach(x -> values.add(String.valueOf(x)));
            a.put(String.valueOf(k), values);
        });
        Map<String, String> f = new LinkedHashMap<>();
        fixed.forEach((k, v) -> f.put(String.valueOf(k), String.valueOf(v)));
        try {
            return of(a, f);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }
}
