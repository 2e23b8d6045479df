package org.tasl.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The options of one run. Only explicitly set values are stored; {@link #resolved()} fills in
 * the method's and the spec's defaults — that map is what config.json records.
 */
public final class RunConfig implements org.tasl.strategy.StrategySettings {
    private static final java.util.Set<String> SELECTORS = java.util.Set.of("protocol", "backbone", "method");
    private final Map<String, Object> values = new LinkedHashMap<>();

    public static RunConfig defaults() {
        return new RunConfig();
    }

    /** Sets an option by its key (snake_case) or command-line name; null clears it. */
    public RunConfig set(String key, Object value) {
        String k = key.startsWith("--") ? key.substring(2).replace('-', '_') : key.replace('-', '_');
        RunOption o = RunOptions.get(k);
        if (k.equals("method") && value != null) {
            org.tasl.strategy.Method.of(value.toString());
        }
        if (k.equals("protocol") && value != null) {
            Protocol.parse(value.toString());
        }
        if (k.equals("label_loss") && value != null) {
            org.tasl.scoring.LabelLoss.parse(value.toString());
        }
        if (value == null) {
            values.remove(k);
        } else {
            values.put(k, o.parse(value));
        }
        return this;
    }

    public RunConfig setAll(Map<String, ?> m) {
        m.forEach(this::set);
        return this;
    }

    public boolean isSet(String key) {
        return values.containsKey(key);
    }

    public RunConfig copy() {
        RunConfig c = new RunConfig();
        c.values.putAll(values);
        return c;
    }

    /**
     * The value, else the protocol preset's, else the method's default, else the backbone
     * recipe's, else the spec's default.
     */
    public Object get(String key) {
        if (values.containsKey(key)) {
            return values.get(key);
        }
        boolean selector = SELECTORS.contains(key); // the keys that choose presets take none
        if (!selector) {
            Object preset = protocol().defaults().get(key);
            if (preset != null) {
                return preset;
            }
        }
        Object methodDefault = MethodDefaults.of(method()).get(key);
        if (methodDefault != null) {
            return methodDefault;
        }
        if (!selector) {
            Object recipe = recipe().defaults().get(key);
            if (recipe != null) {
                return recipe;
            }
        }
        return RunOptions.get(key).defaultValue();
    }

    /** The evaluation protocol preset (option protocol). */
    public Protocol protocol() {
        return Protocol.parse(getString("protocol"));
    }

    /** The training recipe of the backbone (see {@link BackboneRecipe}). */
    public BackboneRecipe recipe() {
        return BackboneRecipe.of(getString("backbone"));
    }

    public String method() {
        Object m = values.getOrDefault("method", RunOptions.get("method").defaultValue());
        return m.toString();
    }

    public String getString(String key) {
        Object v = get(key);
        return v == null ? null : v.toString();
    }

    public int getInt(String key) {
        return ((Number) require(key)).intValue();
    }

    public long getLong(String key) {
        return ((Number) require(key)).longValue();
    }

    public float getFloat(String key) {
        return ((Number) require(key)).floatValue();
    }

    public boolean getBoolean(String key) {
        return (Boolean) require(key);
    }

    @SuppressWarnings("unchecked")
    public List<String> getList(String key) {
        Object v = get(key);
        return v == null ? null : (List<String>) v;
    }

    private Object require(String key) {
        Object v = get(key);
        if (v == null) {
            throw new IllegalArgumentException("option " + key + " has no value");
        }
        return v;
    }

    /** Every option with its effective value, sorted by key: what config.json records. */
    public Map<String, Object> resolved() {
        Map<String, Object> m = new TreeMap<>();
        for (RunOption o : RunOptions.all()) {
            m.put(o.key(), get(o.key()));
        }
        return m;
    }

    public Map<String, Object> explicit() {
        return Map.copyOf(values);
    }

    static List<String> asList(Object raw) {
        if (raw instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            l.forEach(x -> out.add(x.toString().trim()));
            return out;
        }
        if (raw instanceof Object[] a) {
            return asList(Arrays.asList(a));
        }
        List<String> out = new ArrayList<>();
        for (String s : raw.toString().split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "RunConfig" + values;
    }
}
