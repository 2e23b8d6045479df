package org.tasl.kernel;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The kernel's logo, drawn with Java2D at install time (no binary in the repository): a rounded
 * tile with a gradient, three "skill" bars of growing height (the consolidated units) and "TaSL".
 */
final class KernelLogo {
    private KernelLogo() {}

    static byte[] png(int size) {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            float s = size;
            g.setPaint(new GradientPaint(0, 0, new Color(0x1f4e79), s, s, new Color(0x2e8b57)));
            g.fill(new RoundRectangle2D.Float(0, 0, s, s, s * 0.25f, s * 0.25f));
            Color[] bars = {new Color(0xf2c14e), new Color(0xf78154), new Color(0xffffff)};
            float barW = s * 0.14f;
            float base = s * 0.58f;
            for (int i = 0; i < 3; i++) {
                float h = s * (0.16f + 0.12f * i);
                g.setColor(bars[i]);
                g.fill(new RoundRectangle2D.Float(s * 0.2f + i * barW * 1.45f, base - h, barW, h, barW * 0.4f, barW * 0.4f));
            }
            g.setColor(new Color(255, 255, 255, 200));
            g.setStroke(new BasicStroke(Math.max(1f, s / 40f)));
            g.drawLine(Math.round(s * 0.15f), Math.round(base + s * 0.03f), Math.round(s * 0.85f), Math.round(base + s * 0.03f));
            g.setColor(Color.WHITE);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.round(s * 0.27f)));
            String text = "TaSL";
            int w = g.getFontMetrics().stringWidth(text);
            g.drawString(text, (size - w) / 2f, s * 0.9f);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
