package org.tasl.kernel;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.util.Map;

/** MIME bundles from the Python side (JSON text) as basekernel {@link DisplayData}. */
final class MimeBundles {
    private MimeBundles() {}

    /** {@code {"text/plain": "...", "image/png": "<base64>", "application/json": {...}}}. */
    static DisplayData fromData(JsonObject data) {
        DisplayData d = new DisplayData();
        for (Map.Entry<String, JsonElement> e : data.entrySet()) {
            JsonElement v = e.getValue();
            // Strings go in as strings; JSON payloads (application/json) stay JSON objects.
            d.putData(e.getKey(), v.isJsonPrimitive() && v.getAsJsonPrimitive().isString() ? v.getAsString() : v);
        }
        return d;
    }

    /** {@code {"data": {...}, "metadata": {...}}} as sent by {@code tasl_kernel._publish}. */
    static DisplayData fromPayload(String json, String displayId) {
        JsonObject o = new JsonParser().parse(json).getAsJsonObject();
        DisplayData d = fromData(o.getAsJsonObject("data"));
        JsonObject meta = o.has("metadata") ? o.getAsJsonObject("metadata") : new JsonObject();
        for (Map.Entry<String, JsonElement> e : meta.entrySet()) {
            d.putMetaData(e.getKey(), e.getValue());
        }
        if (displayId != null) {
            d.setDisplayId(displayId);
        }
        return d;
    }

    static DisplayData text(String s) {
        DisplayData d = new DisplayData();
        d.putText(s);
        return d;
    }

    static DisplayData html(String html, String plain) {
        DisplayData d = new DisplayData();
        d.putHTML(html);
        d.putText(plain);
        return d;
    }
}
