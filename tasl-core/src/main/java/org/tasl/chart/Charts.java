package org.tasl.chart;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.IChart;

/** PNG rendering shared by the plots; always headless (no display on servers and CI). */
final class Charts {
    /** White (low) to dark blue (high): readable in print and for colour-blind readers. */
    static final Color[] SCALE = {new Color(0xF7FBFF), new Color(0xC6DBEF), new Color(0x6BAED6),
        new Color(0x2171B5), new Color(0x08306B)};

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    static void headless() {
        // the static initializer did the work; calling this loads the class before any AWT use
    }

    /** Small tick labels, so that XChart does not skip labels of crowded axes. */
    static void compactFonts(org.knowm.xchart.style.AxesChartStyler s) {
        s.setAxisTickLabelsFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10));
        s.setAxisTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
        s.setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 13));
        s.setLegendFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10));
        s.setChartBackgroundColor(Color.WHITE);
        s.setXAxisTickMarkSpacingHint(12);
        s.setYAxisTickMarkSpacingHint(12);
    }

    static byte[] png(IChart chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render a PNG: " + e.getMessage(), e);
        }
    }
}
