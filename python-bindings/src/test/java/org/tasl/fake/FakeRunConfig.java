package org.tasl.fake;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test double of RunConfig: validates like the real one should (names the key and value). */
public final class FakeRunConfig {
    static final List<String> METHODS = List.of("tasl", "taslora", "tasl-replay", "seqft", "seqlora",
            "inclora", "olora", "replay", "ewc", "mtl", "pertask");
    final Map<String, Object> values = new LinkedHashMap<>();

    FakeRunConfig() {
        values.put("method", "tasl");
        values.put("backbone", "all-minilm-l6-v2");
        values.put("epochs", 1);
        values.put("seed", 1L);
        values.put("steps", 4);
    }

    public FakeRunConfig set(String key, Object value) {
        switch (key) {
            case "method" -> {
                if (!METHODS.contains(String.valueOf(value))) {
                    throw new IllegalArgumentException("unknown method '" + value + "' (expected one of " + String.join(", ", METHODS) + ")");
                }
            }
            case "epochs", "steps" -> {
                if (!(value instanceof Number n) || n.intValue() < 1) {
                    throw new IllegalArgumentException("option " + key + ": expected a positive integer, got '" + value + "'");
                }
                value = n.intValue();
            }
            case "backbone", "seed", "out", "device", "lr", "tau", "beta", "fail_at_task", "step_ms", "benchmark", "tasks",
                    "data_dir", "data_seed", "train_per_task", "eval_per_task", "granularity", "importance" -> { }
            default -> throw new IllegalArgumentException("unknown option '" + key + "'");
        }
        values.put(key, value);
        return this;
    }

    public Object get(String key) {
        return values.get(key);
    }

    public Map<String, Object> toMap() {
        return new LinkedHashMap<>(values);
    }
}
