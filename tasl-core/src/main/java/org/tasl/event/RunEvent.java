package org.tasl.event;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing that happened in a run. The core publishes these; the CLI, the kernel, the
 * dashboard and events.jsonl are listeners. The payload is a plain JSON-shaped map (keys in
 * docs/EVENTS.md) so that every view, in any language, reads the same fields.
 */
public record RunEvent(Type type, String runId, long timeMillis, Map<String, Object> data) {

    public enum Type {
        RUN_STARTED("run_started"),
        TASK_STARTED("task_started"),
        STEP("step"),
        IMPORTANCE_SNAPSHOT("importance_snapshot"),
        TASK_TRAINED("task_trained"),
        CONSOLIDATION("consolidation"),
        TASK_EVALUATED("task_evaluated"),
        TASK_COMPLETED("task_completed"),
        LOG("log"),
        RUN_FINISHED("run_finished");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Type fromWire(String s) {
            for (Type t : values()) {
                if (t.wire.equals(s)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown event type '" + s + "'");
        }
    }

    public RunEvent {
        Objects.requireNonNull(type, "type");
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(withoutNulls(data));
    }

    public static RunEvent of(Type type, String runId, Map<String, Object> data) {
        return new RunEvent(type, runId, System.currentTimeMillis(), data);
    }

    /** The wire name, e.g. "step"; what Python and JavaScript see as event.type. */
    public String name() {
        return type.wire();
    }

    public Object get(String key) {
        return data.get(key);
    }

    /** {"type":..., "run":..., "time":..., ...data} — one line of events.jsonl, one SSE message. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type.wire());
        m.put("run", runId);
        m.put("time", timeMillis);
        m.putAll(data);
        return m;
    }

    public static RunEvent fromJson(Map<String, Object> json) {
        Map<String, Object> data = new LinkedHashMap<>(json);
        Object type = data.remove("type");
        Object run = data.remove("run");
        Object time = data.remove("time");
        if (!(type instanceof String t)) {
            throw new IllegalArgumentException("event without a string 'type': " + json);
        }
        return new RunEvent(Type.fromWire(t), run == null ? null : run.toString(),
                time instanceof Number n ? n.longValue() : 0L, data);
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }
}
