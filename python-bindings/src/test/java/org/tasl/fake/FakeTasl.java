package org.tasl.fake;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test double of org.tasl.api.Tasl (static facade). */
public final class FakeTasl {
    static final List<String> LONG_SEQUENCE = List.of("dbpedia", "amazon", "yahoo", "agnews");

    private FakeTasl() {}

    public static List<FakeBackboneInfo> backbones() {
        return List.of(new FakeBackboneInfo("all-minilm-l6-v2", 22_700_000L, 384, 6, true, "maven"),
                new FakeBackboneInfo("t5-small", 60_500_000L, 512, 6, false, "maven"));
    }

    public static FakeBenchmark benchmark(String name, Integer order, List<String> tasks, String dataDir,
                                          int trainPerTask, int evalPerTask, long seed) {
        if (!name.equals("long-sequence")) {
            throw new IllegalArgumentException("unknown benchmark '" + name + "' (expected long-sequence)");
        }
        List<String> t = tasks != null ? List.copyOf(tasks) : new ArrayList<>(LONG_SEQUENCE);
        if (order != null && order == 2) {
            java.util.Collections.reverse(t);
        }
        return new FakeBenchmark(name, order, t, trainPerTask, evalPerTask, seed);
    }

    public static FakeRunConfig config() {
        return new FakeRunConfig();
    }

    public static Map<String, Object> demoSettings(String dataDir) {
        return demoSettings(dataDir, null);
    }

    public static Map<String, Object> demoSettings(String dataDir, String benchmark) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backbone", "all-minilm-l6-v2");
        m.put("benchmark", benchmark != null ? benchmark : dataDir == null ? "long-sequence" : "builtin");
        m.put("methods", List.of("tasl", "seqlora", "olora"));
        return m;
    }

    public static FakeRunConfig localizeConfig() {
        return new FakeRunConfig();
    }

    /** Echoes the options it got: task and backbone from the config, one point per fraction. */
    public static Map<String, Object> localize(FakeRunConfig c, List<Double> fractions, int seeds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", String.valueOf(c.get("tasks")));
        m.put("backbone", c.get("backbone"));
        m.put("zero_shot", 25.0);
        m.put("trained", 85.0);
        m.put("fractions", List.copyOf(fractions));
        Map<String, Object> curves = new LinkedHashMap<>();
        for (String k : List.of("remove_top", "remove_random", "remove_bottom", "keep_top", "keep_random")) {
            curves.put(k, java.util.Collections.nCopies(fractions.size(), 0.5));
        }
        m.put("curves", curves);
        m.put("spread", Map.of("seeds", seeds));
        return m;
    }

    public static FakeExperiment experiment(FakeBenchmark b, FakeRunConfig c) {
        return new FakeExperiment(b, c);
    }

    @SuppressWarnings("unchecked")
    public static FakeRunResult loadRun(String dir) {
        Path file = Path.of(dir).resolve("results.json");
        if (!Files.isRegularFile(file)) {
            throw new UncheckedIOException(new NoSuchFileException(file.toString(), null, "no results.json in run directory"));
        }
        try {
            Map<String, Object> m = new ObjectMapper().readValue(file.toFile(), Map.class);
            List<List<Number>> rows = (List<List<Number>>) m.get("accuracy_matrix");
            double[][] matrix = new double[rows.size()][];
            for (int i = 0; i < rows.size(); i++) {
                matrix[i] = rows.get(i).stream().mapToDouble(Number::doubleValue).toArray();
            }
            return new FakeRunResult((String) m.get("method"), (String) m.get("backbone"), (String) m.get("benchmark"),
                    (List<String>) m.get("tasks"), matrix, Path.of(dir), List.of(), (String) m.getOrDefault("status", "completed"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static List<Map<String, Object>> compare(List<FakeRunResult> runs) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FakeRunResult r : runs) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("run", r.dir() == null ? "" : r.dir().getFileName().toString());
            row.put("method", r.method());
            row.put("backbone", r.backbone());
            row.put("ap", r.ap());
            row.put("bwt", r.bwt());
            row.put("fwt", r.fwt());
            row.put("seconds", r.seconds());
            rows.add(row);
        }
        return rows;
    }
}
