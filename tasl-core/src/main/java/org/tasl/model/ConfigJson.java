package org.tasl.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Typed access to a Hugging Face config.json with errors that name the file and the key, e.g.
 * "…/config.json: missing required key 'd_model'".
 */
public final class ConfigJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final JsonNode node;

    public ConfigJson(Path file, JsonNode node) {
        this.file = file;
        this.node = node;
    }

    public static JsonNode parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model config " + file + " does not exist");
        }
        try {
            JsonNode n = JSON.readTree(Files.readString(file));
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException(file + ": expected a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    public int requireInt(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(file + ": missing required key '" + key + "'");
        }
        return asInt(key, v);
    }

    public int optInt(String key, int fallback) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? fallback : asInt(key, v);
    }

    private int asInt(String key, JsonNode v) {
        if (v.isArray() && v.size() > 0) {
            v = v.get(0); // eos_token_id may list several ids; the first is the canonical one
        }
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException(file + ": key '" + key + "' must be an integer, got " + v);
        }
        return v.asInt();
    }

    public double optDouble(String key, double fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(file + ": key '" + key + "' must be a number, got " + v);
        }
        return v.asDouble();
    }

    public boolean optBool(String key, boolean fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(file + ": key '" + key + "' must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    public String optString(String key, String fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(file + ": key '" + key + "' must be a string, got " + v);
        }
        return v.asText();
    }

    public JsonNode get(String key) {
        return node.get(key);
    }

    /** The config.json file these keys came from. */
    public Path file() {
        return file;
    }
}
