package org.tasl.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads run directories with Jackson and a small CSV reader, straight from the file layout of
 * docs/ARCHITECTURE.md. Stand-in until {@code org.tasl.run.RunDirectory} lands.
 */
public final class FileRunReader implements RunReader {
    private static final String[] UNIT_COLUMNS = {
        "unit", "layer", "module", "kind", "rank", "importance", "cumulative", "category", "weight"};

    @Override
    public Map<String, Object> config(Path runDir) {
        return Json.readObject(runDir.resolve("config.json"));
    }

    @Override
    public Map<String, Object> results(Path runDir) {
        return Json.readObject(runDir.resolve("results.json"));
    }

    @Override
    public List<Integer> tasksWithUnits(Path runDir) {
        List<Integer> out = new ArrayList<>();
        taskDirs(runDir).forEach((k, dir) -> {
            if (Files.isRegularFile(dir.resolve("units.csv"))) {
                out.add(k);
            }
        });
        return out;
    }

    @Override
    public List<Map<String, Object>> units(Path runDir, int task) {
        Path dir = taskDirs(runDir).get(task);
        Path file = dir == null ? null : dir.resolve("units.csv");
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        List<String> lines = readLines(file);
        if (lines.isEmpty()) {
            return List.of();
        }
        List<String> header = Csv.split(lines.get(0));
        int[] col = new int[UNIT_COLUMNS.length];
        for (int c = 0; c < UNIT_COLUMNS.length; c++) {
            col[c] = header.indexOf(UNIT_COLUMNS[c]);
            if (col[c] < 0) {
                throw new ApiError(500, file.getParent().getFileName() + "/units.csv: missing column '"
                        + UNIT_COLUMNS[c] + "' (header is " + header + ")");
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f = Csv.split(lines.get(i));
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("unit", cell(f, col[0]));
            u.put("layer", integer(f, col[1], file, i));
            u.put("module", cell(f, col[2]));
            u.put("kind", cell(f, col[3]));
            u.put("rank", integer(f, col[4], file, i));
            u.put("score", number(f, col[5], file, i));
            u.put("cumulative", number(f, col[6], file, i));
            u.put("category", cell(f, col[7]));
            u.put("weight", number(f, col[8], file, i));
            rows.add(u);
        }
        return rows;
    }

    @Override
    public List<Map<String, Object>> taskRecords(Path runDir) {
        List<Map<String, Object>> out = new ArrayList<>();
        taskDirs(runDir).forEach((k, dir) -> {
            Map<String, Object> t = Json.readObject(dir.resolve("task.json"));
            if (t != null) {
                out.add(t);
            }
        });
        return out;
    }

    @Override
    public AccuracyMatrix accuracyMatrix(Path runDir) {
        Path file = runDir.resolve("accuracy_matrix.csv");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        List<String> lines = readLines(file);
        if (lines.isEmpty()) {
            return null;
        }
        List<String> header = Csv.split(lines.get(0));
        List<String> tasks = header.subList(1, header.size());
        List<List<Double>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> f = Csv.split(lines.get(i));
            List<Double> row = new ArrayList<>();
            for (int c = 1; c < f.size(); c++) {
                row.add(number(f, c, file, i));
            }
            rows.add(row);
        }
        return new AccuracyMatrix(tasks, AccuracyMatrix.trimmed(rows));
    }

    @Override
    public long lastModified(Path runDir) {
        long newest = 0;
        for (String name : new String[] {"", "config.json", "results.json", "events.jsonl", "accuracy_matrix.csv"}) {
            try {
                Path p = name.isEmpty() ? runDir : runDir.resolve(name);
                if (Files.exists(p)) {
                    newest = Math.max(newest, Files.getLastModifiedTime(p).toMillis());
                }
            } catch (IOException ignored) {
                // a file vanishing between exists and read only means it is not the newest
            }
        }
        return newest;
    }

    /** tasks/NN-name folders by task index NN. */
    static Map<Integer, Path> taskDirs(Path runDir) {
        Path tasks = runDir.resolve("tasks");
        if (!Files.isDirectory(tasks)) {
            return Collections.emptyMap();
        }
        Map<Integer, Path> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(tasks)) {
            s.filter(Files::isDirectory).forEach(p -> {
                String name = p.getFileName().toString();
                int dash = name.indexOf('-');
                String digits = dash < 0 ? name : name.substring(0, dash);
                if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit) && digits.length() < 6) {
                    out.put(Integer.parseInt(digits), p);
                }
            });
        } catch (IOException e) {
            throw new ApiError(500, "cannot list " + tasks + ": " + e.getMessage());
        }
        return out;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ApiError(500, "cannot read " + file.getFileName() + ": " + e.getMessage());
        }
    }

    private static String cell(List<String> f, int c) {
        return c < f.size() ? f.get(c) : "";
    }

    private static Integer integer(List<String> f, int c, Path file, int line) {
        String s = cell(f, c).trim();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            throw bad(file, line, s, "an integer");
        }
    }

    private static Double number(List<String> f, int c, Path file, int line) {
        String s = cell(f, c).trim();
        if (s.isEmpty() || s.equalsIgnoreCase("nan")) {
            return null;
        }
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            throw bad(file, line, s, "a number");
        }
    }

    private static ApiError bad(Path file, int line, String value, String expected) {
        return new ApiError(500, file.getParent().getFileName() + "/" + file.getFileName() + " line "
                + (line + 1) + ": '" + value + "' is not " + expected);
    }
}
