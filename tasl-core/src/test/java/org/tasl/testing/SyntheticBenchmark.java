package org.tasl.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.tasl.util.Json;

/**
 * Writes a small benchmark in the real on-disk layout ({@code <dir>/<bench>/<split>/<task>.json.gz})
 * with three tasks a tiny model can tell apart: which color, which animal, which number
 * is named in the sentence.
 */
public final class SyntheticBenchmark {
    public static final String NAME = "synthetic";
    public static final List<String> TASKS = List.of("color", "animal", "number");
    private static final Map<String, List<String>> LABELS = Map.of(
            "color", List.of("red", "blue", "green"),
            "animal", List.of("cat", "dog", "bird"),
            "number", List.of("one", "two", "three"));

    private SyntheticBenchmark() {}

    public static Path write(Path root, int trainRows, int devRows) throws IOException {
        for (String task : TASKS) {
            write(root.resolve(NAME).resolve("train").resolve(task + ".json.gz"), rows(task, trainRows, 11));
            write(root.resolve(NAME).resolve("dev").resolve(task + ".json.gz"), rows(task, devRows, 13));
        }
        return root;
    }

    private static List<Map<String, Object>> rows(String task, int n, long seed) {
        Random r = new Random(seed + task.hashCode());
        List<String> labels = LABELS.get(task);
        List<String> noise = List.of("the", "is", "a", "good", "bad", ".");
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String label = labels.get(r.nextInt(labels.size()));
            String input = noise.get(r.nextInt(noise.size())) + " " + label + " " + noise.get(r.nextInt(noise.size()))
                    + " which " + (task.equals("color") ? "color" : task) + " ? answer :";
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", task + "_" + i);
            row.put("input", input);
            row.put("output", label);
            out.add(row);
        }
        return out;
    }

    private static void write(Path file, List<Map<String, Object>> rows) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(Json.compact(rows).getBytes(StandardCharsets.UTF_8));
        }
    }
}
