package org.tasl.data.pull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tasl.data.BenchmarkLoader;
import org.tasl.util.Json;

/**
 * Turns upstream task files into this project's rows {"id", "input", "output"}.
 *
 * <p>Long Sequence: the prompt is the upstream loader's — instruction, "Option: " and the
 * labels joined by ", " and a period, a newline, the sentence, "\nAnswer:" — and the output is
 * the label. SuperNI: "[INS] definition\n [IN] input\n [OUT] ", the first reference output, and
 * "data_id" (row index). Splits larger than the published sizes (train 1000, dev 500 / 100) are
 * cut to a seeded sample kept in upstream order.
 */
public final class UpstreamConverter {
    public static final int TRAIN_CAP = 1000;
    public static final int LONG_SEQUENCE_DEV_CAP = 500;
    public static final int SUPERNI_DEV_CAP = 100;
    static final long SAMPLE_SEED = 42;

    private UpstreamConverter() {}

    public static int cap(String benchmark, String split) {
        if (split.equals("train")) {
            return TRAIN_CAP;
        }
        return benchmark.equals("superni") ? SUPERNI_DEV_CAP : LONG_SEQUENCE_DEV_CAP;
    }

    /** The label list of a Long Sequence task: labels.json when upstream has one, else the train labels. */
    public static List<String> labels(Object labelsJson, Object trainJson, String source) {
        if (labelsJson != null) {
            if (!(labelsJson instanceof List<?> l) || l.isEmpty()) {
                throw new DataPullException(source + ": labels.json must be a non-empty array of strings");
            }
            return l.stream().map(String::valueOf).toList();
        }
        LinkedHashSet<String> s = new LinkedHashSet<>();
        for (Map<String, String> r : rawRows(trainJson, source)) {
            s.add(r.get("output"));
        }
        return List.copyOf(s);
    }

    public static List<Map<String, Object>> longSequence(UpstreamSource.Task task, List<String> labels, Object json,
                                                         String split, String source) {
        String prefix = task.instruction() + "Option: " + String.join(", ", labels) + ".\n";
        List<Map<String, String>> rows = capped(rawRows(json, source), cap(task.benchmark(), split));
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", task.idPrefix() + "_" + i);
            r.put("input", prefix + rows.get(i).get("input") + "\nAnswer:");
            r.put("output", rows.get(i).get("output"));
            out.add(r);
        }
        return out;
    }

    public static List<Map<String, Object>> superNi(Object json, String split, String source) {
        if (!(json instanceof Map<?, ?> m) || !(m.get("Instances") instanceof List<?>)) {
            throw new DataPullException(source + ": expected a Super-NaturalInstructions task object with "
                    + "'Definition' and 'Instances', found " + Json.kind(json));
        }
        Object def = m.get("Definition");
        String definition = def instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0))
                : def == null ? "" : String.valueOf(def);
        List<Map<String, String>> rows = capped(rawRows(json, source), cap("superni", split));
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", rows.get(i).get("id"));
            r.put("input", "[INS] " + definition + "\n [IN] " + rows.get(i).get("input") + "\n [OUT] ");
            r.put("output", rows.get(i).get("output"));
            r.put("data_id", i);
            out.add(r);
        }
        return out;
    }

    /**
     * Rows as {id, input, output} from either upstream shape: an array of {"sentence", "label"}
     * (O-LoRA) or an object with "Instances": [{"id", "input", "output"}] (output a string or a
     * list whose first element is taken).
     */
    static List<Map<String, String>> rawRows(Object json, String source) {
        List<?> items;
        boolean instances;
        if (json instanceof List<?> l) {
            items = l;
            instances = false;
        } else if (json instanceof Map<?, ?> m && m.get("Instances") instanceof List<?> l) {
            items = l;
            instances = true;
        } else {
            throw new DataPullException(source + ": expected an array of {sentence, label} rows or an object with "
                    + "'Instances', found " + Json.kind(json));
        }
        if (items.isEmpty()) {
            throw new DataPullException(source + ": no rows");
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> row)) {
                throw new DataPullException(source + ": row " + i + " is " + Json.kind(items.get(i)));
            }
            Object in = row.get(instances ? "input" : "sentence");
            Object outp = row.get(instances ? "output" : "label");
            if (outp instanceof List<?> ol) {
                outp = ol.isEmpty() ? null : ol.get(0);
            }
            if (!(in instanceof String) || outp == null) {
                throw new DataPullException(source + ": row " + i + " lacks '" + (instances ? "input" : "sentence")
                        + "' or '" + (instances ? "output" : "label") + "'");
            }
            Map<String, String> r = new LinkedHashMap<>();
            r.put("id", row.get("id") == null ? String.valueOf(i) : String.valueOf(row.get("id")));
            r.put("input", (String) in);
            r.put("output", String.valueOf(outp));
            out.add(r);
        }
        return out;
    }

    private static <T> List<T> capped(List<T> rows, int cap) {
        return BenchmarkLoader.subsample(rows, cap, new Random(SAMPLE_SEED));
    }
}
