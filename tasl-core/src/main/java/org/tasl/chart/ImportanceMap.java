package org.tasl.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.tasl.cl.UnitRecord;

/**
 * Where a task's skills live: a heatmap of layers (rows) × modules (columns) from units.csv.
 * Tensor units give one column per module; LoRA matrix units one per (module, A|B); rank
 * units one per (module, rank). The value is the raw importance, the cumulative importance
 * or the consolidation weight.
 */
public final class ImportanceMap {

    /** Which number of a unit is drawn. */
    public enum Value {
        IMPORTANCE("importance", UnitRecord::importance),
        CUMULATIVE("cumulative importance", UnitRecord::cumulative),
        WEIGHT("weight of θ_k in θ̂_k", UnitRecord::weight);

        final String label;
        final ToDoubleFunction<UnitRecord> get;

        Value(String label, ToDoubleFunction<UnitRecord> get) {
            this.label = label;
            this.get = get;
        }
    }

    private ImportanceMap() {}

    /** The column a unit belongs to. */
    static String column(UnitRecord u) {
        return switch (u.kind()) {
            case "A", "B" -> u.module() + " " + u.kind();
            case "rank" -> u.module() + " r" + u.rank();
            default -> u.module();
        };
    }

    public static byte[] png(List<UnitRecord> units, String title, Value value) {
        if (units.isEmpty()) {
            throw new IllegalArgumentException("no units to draw for '" + title + "'");
        }
        Charts.headless();
        Map<String, Integer> cols = new LinkedHashMap<>();
        units.stream().map(ImportanceMap::column).sorted(ImportanceMap::compareColumns)
                .forEach(c -> cols.putIfAbsent(c, cols.size()));
        TreeSet<Integer> layers = new TreeSet<>();
        units.forEach(u -> layers.add(u.layer()));
        List<Integer> layerList = new ArrayList<>(layers);
        Map<Long, Double> cell = new LinkedHashMap<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (UnitRecord u : units) {
            double v = value.get.applyAsDouble(u);
            if (Double.isNaN(v)) {
                continue;
            }
            long key = (long) cols.get(column(u)) << 32 | layerList.indexOf(u.layer());
            cell.merge(key, v, Math::max);
        }
        for (double v : cell.values()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (cell.isEmpty()) {
            throw new IllegalArgumentException("every unit's " + value.label + " is NaN for '" + title + "'");
        }
        // drawn min-max normalized (0 = least, 1 = most important unit); the title gives the raw range
        double span = max > min ? max - min : 1;
        List<Number[]> data = new ArrayList<>();
        for (var e : cell.entrySet()) {
            data.add(new Number[] {(int) (e.getKey() >> 32), (int) (e.getKey() & 0xffffffffL),
                (e.getValue() - min) / span});
        }
        List<String> y = layerList.stream().map(l -> l < 0 ? "emb/head" : "layer " + l).toList();
        List<String> x = shortLabels(new ArrayList<>(cols.keySet()));
        int longest = x.stream().mapToInt(String::length).max().orElse(10);
        int w = Math.max(560, 220 + 16 * cols.size());
        int h = Math.max(360, 110 + 7 * longest + 22 * layerList.size());
        HeatMapChart chart = new HeatMapChartBuilder().width(w).height(h)
                .title(title + " — " + value.label + String.format(java.util.Locale.ROOT, " (0 = %.3g, 1 = %.3g)", min, max))
                .xAxisTitle("module").yAxisTitle("layer").build();
        Charts.compactFonts(chart.getStyler());
        chart.getStyler().setRangeColors(Charts.SCALE);
        chart.getStyler().setShowValue(false);
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(1);
        chart.getStyler().setHeatMapValueDecimalPattern("0.0");
        chart.addSeries(value.label, x, y, data);
        return Charts.png(chart);
    }

    /** Drops the common dotted prefix of module paths when the last parts alone stay distinct. */
    static List<String> shortLabels(List<String> cols) {
        List<String> shortened = cols.stream().map(c -> {
            int sp = c.indexOf(' ');
            String module = sp < 0 ? c : c.substring(0, sp);
            String rest = sp < 0 ? "" : c.substring(sp);
            return module.substring(module.lastIndexOf('.') + 1) + rest;
        }).toList();
        return new java.util.HashSet<>(shortened).size() == cols.size() ? shortened : cols;
    }

    /** Module name, then kind or rank number in numeric order ("q r2" before "q r10"). */
    static int compareColumns(String a, String b) {
        int ra = a.lastIndexOf(" r");
        int rb = b.lastIndexOf(" r");
        if (ra > 0 && rb > 0 && a.substring(0, ra).equals(b.substring(0, rb))) {
            try {
                return Integer.compare(Integer.parseInt(a.substring(ra + 2)), Integer.parseInt(b.substring(rb + 2)));
            } catch (NumberFormatException ignored) {
                // not a rank column
            }
        }
        return a.compareTo(b);
    }
}
