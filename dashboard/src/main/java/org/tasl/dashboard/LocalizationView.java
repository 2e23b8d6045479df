package org.tasl.dashboard;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tasl.localize.Localization;
import org.tasl.localize.LocalizationCurves;
import org.tasl.localize.LocalizationVerdict;
import org.tasl.util.Json;

/**
 * The skill-localization result of a {@code ./tasl localize} run directory, as the page draws it:
 * the file's contract JSON (task, backbone, zero_shot, trained, fractions, curves, spread),
 * checked, plus {@code at}: what the curves say at the fraction nearest 20 % (the test:
 * removing the top units must cost at least twice what removing random ones costs, and keeping
 * only the top units must keep more of the gain than keeping random ones).
 */
final class LocalizationView {
    private LocalizationView() {}

    static boolean exists(Path runDir) {
        return runDir != null && Files.isRegularFile(runDir.resolve(Localization.FILE));
    }

    /**
     * localization.json of {@code runDir}, checked, with the verdict added.
     *
     * @throws IllegalArgumentException naming the file and the field when it breaks the contract
     */
    static Map<String, Object> of(Path runDir) {
        Path file = runDir.resolve(Localization.FILE);
        Map<String, Object> raw = Json.readObject(file);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", raw.get("task"));
        out.put("backbone", raw.get("backbone"));
        double zeroShot = number(raw, "zero_shot", file);
        double trained = number(raw, "trained", file);
        out.put("zero_shot", zeroShot);
        out.put("trained", trained);
        List<Double> fractions = numbers(raw.get("fractions"), "fractions", file, false);
        if (fractions.isEmpty()) {
            throw bad(file, "fractions", "an empty list");
        }
        for (Double f : fractions) {
            if (!(f > 0 && f <= 1)) {
                throw bad(file, "fractions", "a share outside (0, 1]: " + f);
            }
        }
        out.put("fractions", fractions);
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        if (!(raw.get("curves") instanceof Map<?, ?> cm)) {
            throw bad(file, "curves", "missing or not an object");
        }
        for (String name : LocalizationCurves.CURVES) {
            List<Double> v = numbers(cm.get(name), "curves." + name, file, true);
            if (v.size() != fractions.size()) {
                throw bad(file, "curves." + name, v.size() + " points for " + fractions.size() + " fractions");
            }
            curves.put(name, v);
        }
        out.put("curves", curves);
        out.put("spread", spread(raw.get("spread"), fractions.size(), file));
        out.put("at", verdict(fractions, curves, trained - zeroShot));
        return out;
    }

    /** The curves read at the fraction nearest 20 % ({@link LocalizationVerdict}); an unmeasured (null) point is NaN. */
    static Map<String, Object> verdict(List<Double> fractions, Map<String, List<Double>> curves, double gain) {
        Map<String, double[]> arrays = new LinkedHashMap<>();
        curves.forEach((k, v) -> arrays.put(k, v.stream().mapToDouble(d -> d == null ? Double.NaN : d).toArray()));
        return LocalizationVerdict.of(fractions, arrays, gain).toJson();
    }

    /** The random curves' spread (sd, min, max per fraction); curves without one are left out. */
    private static Map<String, Object> spread(Object o, int n, Path file) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (o == null) {
            return out;
        }
        if (!(o instanceof Map<?, ?> m)) {
            throw bad(file, "spread", "not an object");
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String curve = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Map<?, ?> stats)) {
                throw bad(file, "spread." + curve, "not an object");
            }
            Map<String, Object> s = new LinkedHashMap<>();
            for (String k : List.of("sd", "min", "max")) {
                if (stats.containsKey(k)) {
                    List<Double> v = numbers(stats.get(k), "spread." + curve + "." + k, file, true);
                    if (v.size() != n) {
                        throw bad(file, "spread." + curve + "." + k, v.size() + " points for " + n + " fractions");
                    }
                    s.put(k, v);
                }
            }
            out.put(curve, s);
        }
        return out;
    }

    private static double number(Map<String, Object> raw, String key, Path file) {
        if (!(raw.get(key) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw bad(file, key, "missing or not a number: " + raw.get(key));
        }
        return n.doubleValue();
    }

    /** A list of numbers; {@code nullable}: null entries (a point not measured) stay null. */
    private static List<Double> numbers(Object o, String field, Path file, boolean nullable) {
        if (!(o instanceof List<?> l)) {
            throw bad(file, field, "missing or not a list");
        }
        List<Double> out = new ArrayList<>(l.size());
        for (Object v : l) {
            if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
                out.add(n.doubleValue());
            } else if (v == null && nullable) {
                out.add(null);
            } else {
                throw bad(file, field, "not a number: " + v);
            }
        }
        return out;
    }

    private static IllegalArgumentException bad(Path file, String field, String what) {
        return new IllegalArgumentException(file + ": field '" + field + "' is " + what);
    }
}
