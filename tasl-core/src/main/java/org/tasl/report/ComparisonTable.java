package org.tasl.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tasl.run.RunDirectory;
import org.tasl.run.RunResults;

/**
 * The comparison of runs that {@code ./tasl compare} prints and report.md holds: one row per
 * run with method, backbone, benchmark, tasks, AP, BWT, FWT, FWT_raw and seconds.
 */
public final class ComparisonTable {
    /** The keys of a row (and of {@code compare --json} objects), in column order. */
    public static final List<String> KEYS = List.of("run", "method", "backbone", "benchmark", "tasks", "ap", "bwt",
            "fwt", "fwt_raw", "seconds");

    private ComparisonTable() {}

    /** One row per run directory; a directory without a readable results.json is an error naming it. */
    public static List<Map<String, Object>> rows(List<Path> runDirs) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Path d : runDirs) {
            RunDirectory rd = RunDirectory.open(d);
            if (!rd.hasResults()) {
                throw new IllegalArgumentException(d + ": no " + RunDirectory.RESULTS
                        + " (the run has not finished a task yet)");
            }
            rows.add(row(d.getFileName() == null ? d.toString() : d.getFileName().toString(), rd.readResults()));
        }
        return rows;
    }

    public static Map<String, Object> row(String run, RunResults r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", run);
        m.put("method", r.method());
        m.put("backbone", r.backbone());
        m.put("benchmark", r.benchmark());
        m.put("tasks", r.tasks());
        m.put("ap", r.ap());
        m.put("bwt", r.bwt());
        m.put("fwt", r.fwt());
        m.put("fwt_raw", r.fwtRaw());
        m.put("seconds", r.seconds());
        return m;
    }

    /** A fixed-width table for the terminal. */
    public static String text(List<Map<String, Object>> rows) {
        List<String> header = List.of("run", "method", "backbone", "benchmark", "tasks", "AP", "BWT", "FWT",
                "FWT_raw", "seconds");
        List<List<String>> cells = new ArrayList<>();
        cells.add(header);
        for (Map<String, Object> r : rows) {
            cells.add(cells(r));
        }
        int[] w = new int[header.size()];
        for (List<String> row : cells) {
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.max(w[i], row.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < cells.size(); k++) {
            List<String> row = cells.get(k);
            for (int i = 0; i < w.length; i++) {
                String c = row.get(i);
                boolean right = i >= 5;
                String pad = " ".repeat(w[i] - c.length());
                sb.append(right ? pad + c : c + pad).append(i + 1 < w.length ? "  " : "");
            }
            sb.append('\n');
            if (k == 0) {
                for (int i = 0; i < w.length; i++) {
                    sb.append("-".repeat(w[i])).append(i + 1 < w.length ? "  " : "");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** A Markdown table. */
    public static String markdown(List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder(
                "| run | method | backbone | benchmark | tasks | AP | BWT | FWT | FWT_raw | seconds |\n"
                        + "|---|---|---|---|---|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> r : rows) {
            sb.append("| ").append(String.join(" | ", cells(r))).append(" |\n");
        }
        return sb.toString();
    }

    private static List<String> cells(Map<String, Object> r) {
        Object tasks = r.get("tasks");
        String t = tasks instanceof List<?> l ? l.size() + " (" + String.join("→", l.stream().map(String::valueOf).toList()) + ")"
                : String.valueOf(tasks);
        if (t.length() > 48) {
            t = t.substring(0, 45) + "...";
        }
        return List.of(String.valueOf(r.get("run")), String.valueOf(r.get("method")), String.valueOf(r.get("backbone")),
                String.valueOf(r.get("benchmark")), t, num(r.get("ap")), num(r.get("bwt")), num(r.get("fwt")),
                num(r.get("fwt_raw")), num(r.get("seconds")));
    }

    static String num(Object v) {
        if (!(v instanceof Number n) || Double.isNaN(n.doubleValue())) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", n.doubleValue());
    }
}
