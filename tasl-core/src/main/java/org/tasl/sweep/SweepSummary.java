package org.tasl.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tasl.run.RunConfig;
import org.tasl.run.RunDirectory;
import org.tasl.run.RunOptions;
import org.tasl.run.RunResults;
import org.tasl.util.AtomicFiles;
import org.tasl.util.Csv;
import org.tasl.util.Json;

/**
 * A sweep's table: per method (and per task order) AP, BWT and FWT of the completed cells as
 * mean ± sample sd with n, and every cell's numbers. Cells differing only in order and seed
 * are pooled; any other axis (lr, tau, ...) makes its own row, named "tasl lr=5e-4". When the
 * benchmark and orders are the paper's, the published numbers stand beside the means.
 *
 * <pre>
 * summary.json: {"sweep", "cells_total", "cells_completed", "paper": {"table", "source"} | null,
 *                "methods": {ROW: {"method", "settings", "ap": {"mean","sd","n"}, "bwt": {..}, "fwt": {..},
 *                                  "paper": {"ap", "bwt"} (when published)}},
 *                "by_order": {ORDER: {ROW: {"ap": {..}, "bwt": {..}, "fwt": {..}}}},
 *                "cells": [{"name", "dir", "state", "tasks_done", "tasks_total", "values", "row", "method",
 *                           "benchmark", "order", "seed", "ap", "bwt", "fwt", "fwt_raw", "seconds"}]}
 * summary.csv:  order,method,ap_mean,ap_sd,ap_n,bwt_mean,bwt_sd,bwt_n,fwt_mean,fwt_sd,fwt_n,paper_ap,paper_bwt
 *               (order "all" for the rows pooled over orders)
 * summary.md:   the same tables for people, then the cells
 * </pre>
 */
public final class SweepSummary {
    public static final String JSON = "summary.json";
    public static final String CSV = "summary.csv";
    public static final String MD = "summary.md";
    /** Axes pooled into a row's mean rather than splitting it. */
    static final Set<String> POOLED = Set.of("method", "order", "seed", "data_seed");
    private static final List<String> METRICS = List.of("ap", "bwt", "fwt");

    private SweepSummary() {}

    /** The summary as the JSON object written to summary.json. */
    public static Map<String, Object> compute(SweepDirectory sweep, Map<SweepCell, CellStatus> statuses) {
        SweepGrid grid = sweep.grid();
        List<Map<String, Object>> cells = new ArrayList<>();
        Map<String, Map<String, List<Double>>> byRow = new LinkedHashMap<>();
        Map<String, Map<String, Map<String, List<Double>>>> byOrder = new LinkedHashMap<>();
        Map<String, Map<String, Object>> rowInfo = new LinkedHashMap<>();
        Set<String> benchmarks = new LinkedHashSet<>();
        Set<Integer> orders = new java.util.TreeSet<>();
        boolean customTasks = false;
        int completed = 0;
        for (SweepCell c : sweep.cells()) {
            RunConfig cfg = grid.config(c);
            benchmarks.add(cfg.get(RunOptions.BENCHMARK));
            Object order = cfg.get(RunOptions.ORDER);
            if (order == null && cfg.get(RunOptions.TASKS) == null) {
                order = 1; // what the benchmark loader runs when neither an order nor tasks are given
            }
            if (order instanceof Number n) {
                orders.add(n.intValue());
            } else {
                customTasks = true;
            }
            Map<String, String> settings = new LinkedHashMap<>();
            c.values().forEach((k, v) -> {
                if (!POOLED.contains(k)) {
                    settings.put(k, v);
                }
            });
            String method = cfg.method();
            String row = rowName(method, settings);
            rowInfo.computeIfAbsent(row, r -> {
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("method", method);
                info.put("settings", settings);
                return info;
            });
            CellStatus st = statuses.get(c);
            Map<String, Object> cell = new LinkedHashMap<>();
            cell.put("name", c.name());
            cell.put("dir", SweepDirectory.RUNS + "/" + c.name());
            cell.put("state", st.state().wire());
            cell.put("tasks_done", st.tasksDone());
            cell.put("tasks_total", st.tasksTotal());
            cell.put("values", c.values());
            cell.put("row", row);
            cell.put("method", method);
            cell.put("benchmark", cfg.get(RunOptions.BENCHMARK));
            cell.put("order", order);
            cell.put("seed", cfg.get(RunOptions.SEED));
            RunResults r = st.state() == CellStatus.State.COMPLETED ? RunDirectory.open(sweep.runDir(c)).readResults() : null;
            double[] values = r == null ? new double[] {Double.NaN, Double.NaN, Double.NaN}
                    : new double[] {r.ap(), r.bwt(), r.fwt()};
            for (int i = 0; i < METRICS.size(); i++) {
                cell.put(METRICS.get(i), values[i]);
            }
            cell.put("fwt_raw", r == null ? null : r.fwtRaw());
            cell.put("seconds", r == null ? null : r.seconds());
            cells.add(cell);
            if (r == null) {
                continue;
            }
            completed++;
            String orderKey = order == null ? "tasks" : String.valueOf(order);
            for (int i = 0; i < METRICS.size(); i++) {
                byRow.computeIfAbsent(row, k -> new LinkedHashMap<>())
                        .computeIfAbsent(METRICS.get(i), k -> new ArrayList<>()).add(values[i]);
                byOrder.computeIfAbsent(orderKey, k -> new LinkedHashMap<>()).computeIfAbsent(row, k -> new LinkedHashMap<>())
                        .computeIfAbsent(METRICS.get(i), k -> new ArrayList<>()).add(values[i]);
            }
        }
        PaperResults.Table paper = customTasks ? null : PaperResults.match(benchmarks, orders);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sweep", sweep.dir().toAbsolutePath().toString());
        out.put("cells_total", sweep.cells().size());
        out.put("cells_completed", completed);
        if (paper != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("table", paper.name());
            p.put("source", paper.source());
            out.put("paper", p);
        } else {
            out.put("paper", null);
        }
        Map<String, Object> methods = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> e : rowInfo.entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>(e.getValue());
            putMetrics(m, byRow.getOrDefault(e.getKey(), Map.of()));
            String method = (String) e.getValue().get("method");
            if (paper != null && paper.methods().containsKey(method) && ((Map<?, ?>) e.getValue().get("settings")).isEmpty()) {
                PaperResults.Numbers n = paper.methods().get(method);
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("ap", n.ap());
                pm.put("bwt", n.bwt());
                m.put("paper", pm);
            }
            methods.put(e.getKey(), m);
        }
        out.put("methods", methods);
        Map<String, Object> orderOut = new LinkedHashMap<>();
        byOrder.forEach((order, rows) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            rows.forEach((row, metrics) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                putMetrics(m, metrics);
                o.put(row, m);
            });
            orderOut.put(order, o);
        });
        out.put("by_order", orderOut);
        out.put("cells", cells);
        return Json.parseObject(Json.compact(Json.sanitize(out)), "summary");
    }

    private static void putMetrics(Map<String, Object> into, Map<String, List<Double>> metrics) {
        for (String k : METRICS) {
            into.put(k, MeanSd.of(metrics.getOrDefault(k, List.of())).toJson());
        }
    }

    static String rowName(String method, Map<String, String> settings) {
        if (settings.isEmpty()) {
            return method;
        }
        List<String> parts = new ArrayList<>();
        settings.forEach((k, v) -> parts.add(k + "=" + v));
        return method + " " + String.join(" ", parts);
    }

    /** Writes summary.json, summary.csv and summary.md into the sweep directory. */
    public static Map<String, Object> write(SweepDirectory sweep, Map<SweepCell, CellStatus> statuses) {
        Map<String, Object> s = compute(sweep, statuses);
        Path dir = sweep.dir();
        Json.writeAtomically(dir.resolve(JSON), s);
        AtomicFiles.writeString(dir.resolve(CSV), csv(s));
        AtomicFiles.writeString(dir.resolve(MD), markdown(s));
        return s;
    }

    @SuppressWarnings("unchecked")
    static String csv(Map<String, Object> s) {
        StringBuilder sb = new StringBuilder(Csv.line(List.of("order", "method", "ap_mean", "ap_sd", "ap_n", "bwt_mean",
                "bwt_sd", "bwt_n", "fwt_mean", "fwt_sd", "fwt_n", "paper_ap", "paper_bwt")));
        Map<String, Object> methods = (Map<String, Object>) s.get("methods");
        methods.forEach((row, v) -> sb.append(csvRow("all", row, (Map<String, Object>) v)));
        ((Map<String, Object>) s.get("by_order")).forEach((order, rows) ->
                ((Map<String, Object>) rows).forEach((row, v) -> sb.append(csvRow(order, row, (Map<String, Object>) v))));
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static String csvRow(String order, String row, Map<String, Object> v) {
        List<String> f = new ArrayList<>(List.of(order, row));
        for (String k : METRICS) {
            Map<String, Object> m = (Map<String, Object>) v.get(k);
            f.add(num(m.get("mean")));
            f.add(num(m.get("sd")));
            f.add(String.valueOf(m.get("n")));
        }
        Map<String, Object> p = (Map<String, Object>) v.get("paper");
        f.add(p == null ? "" : num(p.get("ap")));
        f.add(p == null ? "" : num(p.get("bwt")));
        return Csv.line(f);
    }

    private static String num(Object o) {
        return o instanceof Number n ? Csv.number(n.doubleValue()) : "";
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> s) {
        StringBuilder sb = new StringBuilder("# Sweep summary\n\n");
        sb.append("`").append(s.get("sweep")).append("`: ").append(s.get("cells_completed")).append(" of ")
                .append(s.get("cells_total")).append(" cells completed. Mean ± sample sd over task orders and seeds; "
                        + "n = completed cells with a value.\n\n");
        sb.append(methodTable(s));
        Map<String, Object> byOrder = (Map<String, Object>) s.get("by_order");
        if (!byOrder.isEmpty()) {
            sb.append("\n## By task order\n");
            byOrder.forEach((order, rows) -> {
                sb.append("\n### ").append(order.equals("tasks") ? "custom task list" : "order " + order).append("\n\n");
                sb.append("| method | n | AP | BWT | FWT |\n|---|---|---|---|---|\n");
                ((Map<String, Object>) rows).forEach((row, v) -> {
                    Map<String, Object> m = (Map<String, Object>) v;
                    sb.append("| ").append(row).append(" | ").append(((Map<String, Object>) m.get("ap")).get("n"));
                    for (String k : METRICS) {
                        sb.append(" | ").append(text((Map<String, Object>) m.get(k)));
                    }
                    sb.append(" |\n");
                });
            });
        }
        sb.append("\n## Cells\n\n| cell | state | method | order | seed | AP | BWT | FWT | seconds |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (Object o : (List<Object>) s.get("cells")) {
            Map<String, Object> c = (Map<String, Object>) o;
            sb.append("| ").append(c.get("name")).append(" | ").append(c.get("state")).append(" | ").append(c.get("method"))
                    .append(" | ").append(c.get("order") == null ? "–" : c.get("order")).append(" | ").append(c.get("seed"))
                    .append(" | ").append(fmt(c.get("ap"))).append(" | ").append(fmt(c.get("bwt"))).append(" | ")
                    .append(fmt(c.get("fwt"))).append(" | ").append(fmt(c.get("seconds"))).append(" |\n");
        }
        return sb.toString();
    }

    /** The per-method table of summary.md (mean ± sd, n, and the paper's numbers when they apply). */
    @SuppressWarnings("unchecked")
    public static String methodTable(Map<String, Object> s) {
        StringBuilder sb = new StringBuilder();
        Map<String, Object> paper = (Map<String, Object>) s.get("paper");
        Map<String, Object> methods = (Map<String, Object>) s.get("methods");
        sb.append("| method | n | AP | BWT | FWT |").append(paper != null ? " paper AP | paper BWT |" : "").append('\n');
        sb.append("|---|---|---|---|---|").append(paper != null ? "---|---|" : "").append('\n');
        methods.forEach((row, v) -> {
            Map<String, Object> m = (Map<String, Object>) v;
            sb.append("| ").append(row).append(" | ").append(((Map<String, Object>) m.get("ap")).get("n"));
            for (String k : METRICS) {
                sb.append(" | ").append(text((Map<String, Object>) m.get(k)));
            }
            sb.append(" |");
            if (paper != null) {
                Map<String, Object> p = (Map<String, Object>) m.get("paper");
                sb.append(' ').append(p == null ? "–" : fmt(p.get("ap"))).append(" | ")
                        .append(p == null ? "–" : fmt(p.get("bwt"))).append(" |");
            }
            sb.append('\n');
        });
        if (paper != null) {
            sb.append("\nPaper: ").append(paper.get("table")).append(", ").append(paper.get("source")).append(".\n");
        }
        return sb.toString();
    }

    private static String text(Map<String, Object> m) {
        Object mean = m.get("mean");
        Object sd = m.get("sd");
        if (!(mean instanceof Number)) {
            return "–";
        }
        return sd instanceof Number ? fmt(mean) + " ± " + fmt(sd) : fmt(mean);
    }

    private static String fmt(Object o) {
        return o instanceof Number n ? String.format(Locale.ROOT, "%.2f", n.doubleValue()) : "–";
    }
}
