package org.tasl.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.tasl.event.RunEvent;

/** Training loss over the whole run from the "step" events of events.jsonl, one colour per task. */
public final class LossCurve {
    private LossCurve() {}

    /** True when the events hold at least one step with a loss. */
    public static boolean hasSteps(List<RunEvent> events) {
        return events.stream().anyMatch(e -> e.type() == RunEvent.Type.STEP && e.get("loss") instanceof Number);
    }

    public static byte[] png(List<RunEvent> events, String title) {
        Charts.headless();
        Map<String, List<Double>> xs = new LinkedHashMap<>();
        Map<String, List<Double>> ys = new LinkedHashMap<>();
        int global = 0;
        for (RunEvent e : events) {
            if (e.type() != RunEvent.Type.STEP || !(e.get("loss") instanceof Number loss)
                    || !Double.isFinite(loss.doubleValue())) {
                continue;
            }
            global++;
            Object task = e.get("task");
            Object name = e.get("task_name");
            String series = (task == null ? "" : task + ". ") + (name == null ? "task" : name);
            xs.computeIfAbsent(series, k -> new ArrayList<>()).add((double) global);
            ys.computeIfAbsent(series, k -> new ArrayList<>()).add(loss.doubleValue());
        }
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("no step events with a loss for '" + title + "'");
        }
        XYChart chart = new XYChartBuilder().width(720).height(360).title(title).xAxisTitle("step")
                .yAxisTitle("training loss").build();
        chart.getStyler().setMarkerSize(0);
        for (String s : xs.keySet()) {
            chart.addSeries(s, xs.get(s), ys.get(s)).setMarker(SeriesMarkers.NONE);
        }
        return Charts.png(chart);
    }
}
