package org.tasl.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One shared mapper: compact output (an SSE data: line must not contain a newline). */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private Json() {}

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> parseObject(String text) throws JsonProcessingException {
        return MAPPER.readValue(text, MAP);
    }

    /** The file's JSON object, or null when the file does not exist. */
    static Map<String, Object> readObject(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return MAPPER.readValue(file.toFile(), MAP);
        } catch (IOException e) {
            throw new ApiError(500, "cannot read " + file.getFileName() + ": " + e.getMessage());
        }
    }
}
