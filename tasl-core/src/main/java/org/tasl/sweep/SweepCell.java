package org.tasl.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a grid: its index (the Slurm array index too), its name (the folder under
 * SWEEP/runs/ and SWEEP/logs/, a valid dashboard run id) and the value of every axis.
 */
public record SweepCell(int index, String name, Map<String, String> values) {
    private static final int MAX_NAME = 100;

    public SweepCell {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * The name of a cell from its axis values: the method alone, every other axis as key and
     * value ({@code tasl_order4_seed1_lr3e-4}); characters other than letters, digits and
     * {@code . + -} become '-'. A grid without axes has one cell, "run".
     */
    static String nameOf(Map<String, String> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k.equals("method") ? v : k + v));
        String name = parts.isEmpty() ? "run" : String.join("_", parts);
        StringBuilder sb = new StringBuilder();
        for (char ch : name.toCharArray()) {
            boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.'
                    || ch == '+' || ch == '-' || ch == '_';
            sb.append(ok ? ch : '-');
        }
        String s = sb.toString().replace("..", "-.");
        if (s.startsWith(".") || s.startsWith("-") || s.startsWith("+")) {
            s = "c" + s;
        }
        return s.length() > MAX_NAME ? s.substring(0, MAX_NAME) : s;
    }
}
