package org.tasl.fake;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Test double of RunResult; metrics follow TASL_SPEC's definitions on its matrix. */
public final class FakeRunResult {
    private final String method;
    private final String backbone;
    private final String benchmark;
    private final List<String> tasks;
    private final double[][] matrix;
    private final Path dir;
    private final List<List<FakeUnitRecord>> units;
    private final String status;

    FakeRunResult(String method, String backbone, String benchmark, List<String> tasks, double[][] matrix,
                  Path dir, List<List<FakeUnitRecord>> units, String status) {
        this.method = method;
        this.backbone = backbone;
        this.benchmark = benchmark;
        this.tasks = List.copyOf(tasks);
        this.matrix = matrix;
        this.dir = dir;
        this.units = units;
        this.status = status;
    }

    public String method() { return method; }
    public String backbone() { return backbone; }
    public String benchmark() { return benchmark; }
    public List<String> tasks() { return tasks; }
    public double[][] accuracyMatrix() { return matrix; }
    public Path dir() { return dir; }
    public double seconds() { return 1.5; }
    public double[] baselineScores() { return new double[tasks.size()]; }

    public double ap() {
        double[] last = matrix[matrix.length - 1];
        double s = 0;
        for (double v : last) {
            s += v;
        }
        return s / last.length;
    }

    public double bwt() {
        int n = matrix.length;
        if (n < 2) {
            return 0;
        }
        double s = 0;
        for (int i = 0; i < n - 1; i++) {
            s += matrix[n - 1][i] - matrix[i][i];
        }
        return s / (n - 1);
    }

    public double fwt() { return Double.NaN; }
    public double fwtRaw() { return 0.25; }

    public List<FakeUnitRecord> importance(int task) {
        if (task < 0 || task >= units.size()) {
            throw new IllegalArgumentException("task " + task + " out of range 0.." + (units.size() - 1));
        }
        return units.get(task);
    }

    public List<FakeUnitRecord> consolidation(int task) {
        return importance(task);
    }

    public byte[] importancePng(int task) {
        return png(importance(task).size());
    }

    public byte[] matrixPng() {
        return png(matrix.length);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", method);
        m.put("backbone", backbone);
        m.put("benchmark", benchmark);
        m.put("tasks", tasks);
        m.put("accuracy_matrix", matrix);
        m.put("ap", ap());
        m.put("bwt", bwt());
        m.put("fwt", fwt());
        m.put("fwt_raw", fwtRaw());
        m.put("status", status);
        return m;
    }

    private static byte[] png(int cells) {
        BufferedImage img = new BufferedImage(8 * Math.max(1, cells), 8, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
