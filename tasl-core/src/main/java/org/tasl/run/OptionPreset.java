package org.tasl.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Option values a preset sets (a protocol, a method's published settings, a backbone's recipe),
 * built from typed options so that a preset can neither misspell an option nor give it a value
 * of the wrong type. Immutable: {@link #with} returns a new preset.
 */
public final class OptionPreset {
    private static final OptionPreset NONE = new OptionPreset(Map.of());

    private final Map<String, Object> values;

    private OptionPreset(Map<String, Object> values) {
        this.values = values;
    }

    /** The preset that sets nothing. */
    public static OptionPreset none() {
        return NONE;
    }

    /** This preset and {@code option = value} (null: the option is left to the next default). */
    public <T> OptionPreset with(RunOption<T> option, T value) {
        Map<String, Object> m = new LinkedHashMap<>(values);
        if (value == null) {
            m.remove(option.key());
        } else {
            m.put(option.key(), value);
        }
        return new OptionPreset(Collections.unmodifiableMap(m));
    }

    /** The value this preset gives the option with key {@code key}, or null. */
    Object get(String key) {
        return values.get(key);
    }

    /** Every value by option key. */
    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
