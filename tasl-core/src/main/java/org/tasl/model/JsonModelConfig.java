package org.tasl.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Hugging Face {@code config.json} as read, with typed accessors whose errors name the file,
 * the key and what was expected. Architectures read their own keys from it.
 */
public final class JsonModelConfig implements ModelConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final Map<String, Object> raw;

    public JsonModelConfig(String source, Map<String, Object> raw) {
        this.source = source;
        this.raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    }

    /** Reads {@code config.json} of a model folder (or the file itself). */
    public static JsonModelConfig read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("config.json") : path;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": not found (a model folder needs config.json)");
        }
        try {
            Map<String, Object> map = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
            if (map == null) {
                throw new IllegalArgumentException(file + ": empty, expected a JSON object");
            }
            return new JsonModelConfig(file.toString(), map);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a valid JSON object (" + e.getMessage() + ")", e);
        }
    }

    /** Where it was read from (for error messages). */
    public String source() {
        return source;
    }

    @Override
    public String modelType() {
        return requireString("model_type");
    }

    @Override
    public int hiddenSize() {
        return raw.containsKey("hidden_size") ? requireInt("hidden_size") : requireInt("d_model");
    }

    @Override
    public int numLayers() {
        return raw.containsKey("num_hidden_layers") ? requireInt("num_hidden_layers") : requireInt("num_layers");
    }

    @Override
    public int vocabSize() {
        return requireInt("vocab_size");
    }

    @Override
    public Map<String, Object> raw() {
        return raw;
    }

    public boolean has(String key) {
        return raw.get(key) != null;
    }

    public int requireInt(String key) {
        Object v = raw.get(key);
        if (v == null) {
            throw missing(key, "an integer");
        }
        if (!(v instanceof Number) || ((Number) v).doubleValue() != Math.rint(((Number) v).doubleValue())) {
            throw wrong(key, v, "an integer");
        }
        return ((Number) v).intValue();
    }

    public int optInt(String key, int fallback) {
        return has(key) ? requireInt(key) : fallback;
    }

    public double requireDouble(String key) {
        Object v = raw.get(key);
        if (v == null) {
            throw missing(key, "a number");
        }
        if (!(v instanceof Number)) {
            throw wrong(key, v, "a number");
        }
        return ((Number) v).doubleValue();
    }

    public double optDouble(String key, double fallback) {
        return has(key) ? requireDouble(key) : fallback;
    }

    public String requireString(String key) {
        Object v = raw.get(key);
        if (v == null) {
            throw missing(key, "a string");
        }
        if (!(v instanceof String)) {
            throw wrong(key, v, "a string");
        }
        return (String) v;
    }

    public String optString(String key, String fallback) {
        return has(key) ? requireString(key) : fallback;
    }

    public boolean optBoolean(String key, boolean fallback) {
        Object v = raw.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean)) {
            throw wrong(key, v, "true or false");
        }
        return (Boolean) v;
    }

    private IllegalArgumentException missing(String key, String what) {
        return new IllegalArgumentException(source + ": missing required key '" + key + "' (" + what + ")");
    }

    private IllegalArgumentException wrong(String key, Object v, String what) {
        return new IllegalArgumentException(source + ": key '" + key + "' is " + v + ", expected " + what);
    }
}
