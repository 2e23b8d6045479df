package org.tasl.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.tasl.util.Json;

/** Writes small benchmark folders for tests. */
final class BenchmarkFiles {
    private BenchmarkFiles() {}

    static List<Map<String, Object>> rows(String task, String... labels) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", task + "_" + i);
            r.put("input", "Question " + i + " of " + task + "?\nAnswer:");
            r.put("output", labels[i]);
            out.add(r);
        }
        return out;
    }

    static Path writeGz(Path dir, String benchmark, String split, String task, Object rows) throws IOException {
        return writeGzText(dir, benchmark, split, task, Json.compact(rows));
    }

    static Path writeGzText(Path dir, String benchmark, String split, String task, String text) throws IOException {
        Path f = dir.resolve(benchmark).resolve(split).resolve(task + ".json.gz");
        Files.createDirectories(f.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return f;
    }

    static Path writePlain(Path dir, String benchmark, String split, String task, String text) throws IOException {
        Path f = dir.resolve(benchmark).resolve(split).resolve(task + ".json");
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
        return f;
    }
}
