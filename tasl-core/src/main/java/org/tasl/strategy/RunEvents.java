package org.tasl.strategy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tasl.event.RunEvent;
import org.tasl.event.RunListener;

/** Publishes a run's events with its id; keeps the loop free of event-building noise. */
public final class RunEvents {
    private final String runId;
    private final RunListener sink;

    public RunEvents(String runId, RunListener sink) {
        this.runId = runId;
        this.sink = sink;
    }

    public String runId() {
        return runId;
    }

    public void publish(RunEvent.Type type, Object... keyValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            data.put((String) keyValues[i], keyValues[i + 1]);
        }
        sink.onEvent(RunEvent.of(type, runId, data));
    }

    public void log(String level, String message) {
        publish(RunEvent.Type.LOG, "level", level, "message", message);
    }
}
