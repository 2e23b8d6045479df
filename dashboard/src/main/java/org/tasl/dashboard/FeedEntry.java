package org.tasl.dashboard;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.tasl.util.Json;

/**
 * One event of a run's feed: its sequence number (the SSE id), its JSON, and the SSE frame
 * encoded once, so that fifty clients cost fifty writes and not fifty serializations.
 */
record FeedEntry(long seq, String type, int task, Map<String, Object> json, byte[] frame) {

    static FeedEntry of(long seq, Map<String, Object> json) {
        String type = String.valueOf(json.get("type"));
        int task = json.get("task") instanceof Number n ? n.intValue() : -1;
        String frame = "id: " + seq + "\ndata: " + Json.compact(json) + "\n\n";
        return new FeedEntry(seq, type, task, json, frame.getBytes(StandardCharsets.UTF_8));
    }
}
