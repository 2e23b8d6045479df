package org.tasl.chart;

import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.tasl.eval.AccuracyMatrix;

/**
 * The accuracy matrix as a heatmap: x = evaluated task, y = after training task j (first task
 * on top, like the matrix is read), cell = score; cells not computed are left blank.
 */
public final class MatrixHeatmap {
    private MatrixHeatmap() {}

    public static byte[] png(AccuracyMatrix m, String title) {
        Charts.headless();
        int n = m.size();
        int side = Math.max(460, 160 + 48 * n);
        HeatMapChart chart = new HeatMapChartBuilder().width(side + 120).height(side).title(title)
                .xAxisTitle("evaluated on").yAxisTitle("after training").build();
        Charts.compactFonts(chart.getStyler());
        chart.getStyler().setRangeColors(Charts.SCALE);
        chart.getStyler().setValueFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, n <= 6 ? 12 : 9));
        chart.getStyler().setShowValue(n <= 16);
        chart.getStyler().setHeatMapValueDecimalPattern("#0.0");
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(100);
        chart.getStyler().setXAxisLabelRotation(45);
        List<String> x = m.tasks();
        List<String> y = new ArrayList<>();
        for (int j = n - 1; j >= 0; j--) {
            y.add((j + 1) + ". " + m.tasks().get(j));
        }
        List<Number[]> cells = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double v = m.get(j, i);
                if (!Double.isNaN(v)) {
                    cells.add(new Number[] {i, n - 1 - j, v});
                }
            }
        }
        chart.addSeries("score", x, y, cells);
        return Charts.png(chart);
    }
}
