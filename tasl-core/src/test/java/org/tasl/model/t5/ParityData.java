package org.tasl.model.t5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tasl.tensor.HostTensor;
import org.tasl.tokenize.Fixtures;

/**
 * Where the parity references live and how to compare with them. {@code oracle:NAME} is a
 * folder committed under test resources {@code oracles/} (made by tools/oracles/make_oracles.py);
 * {@code fixture:NAME} is one of ../shared/fixtures (made independently; skipped when absent).
 */
public final class ParityData {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ParityData() {}

    public static Path folder(String source) {
        String[] parts = source.split(":", 2);
        if (parts[0].equals("oracle")) {
            URL url = ParityData.class.getResource("/oracles/" + parts[1] + "/config.json");
            if (url == null) {
                throw new IllegalStateException("test resource oracles/" + parts[1] + " is missing");
            }
            try {
                return Path.of(url.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return Fixtures.file(parts[1]);
    }

    public static JsonNode reference(Path folder) {
        try {
            return JSON.readTree(folder.resolve("reference.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int[] ints(JsonNode n) {
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asInt();
        }
        return out;
    }

    public static int[][] intRows(JsonNode n) {
        int[][] out = new int[n.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = ints(n.get(i));
        }
        return out;
    }

    /** Drops the right padding (value {@code pad}) of each row. */
    public static int[][] unpadded(int[][] rows, int[][] mask) {
        int[][] out = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            int n = 0;
            while (n < mask[i].length && mask[i][n] == 1) {
                n++;
            }
            out[i] = java.util.Arrays.copyOf(rows[i], n);
        }
        return out;
    }

    public static int[][] withoutIgnored(int[][] labels) {
        int[][] out = new int[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            int n = 0;
            while (n < labels[i].length && labels[i][n] != -100) {
                n++;
            }
            out[i] = java.util.Arrays.copyOf(labels[i], n);
        }
        return out;
    }

    /** A nested JSON array of numbers, flattened in row-major order. */
    public static float[] flat(JsonNode n) {
        List<Float> acc = new ArrayList<>();
        flatten(n, acc);
        float[] out = new float[acc.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = acc.get(i);
        }
        return out;
    }

    private static void flatten(JsonNode n, List<Float> acc) {
        if (n.isArray()) {
            for (JsonNode c : n) {
                flatten(c, acc);
            }
        } else {
            acc.add((float) n.asDouble());
        }
    }

    /** Asserts equal length and max |actual − expected| ≤ tol; prints the max difference for the record. */
    public static double assertClose(String what, float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + ": number of values");
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        System.out.printf("parity %-60s max|diff| = %.3e (tol %.0e)%n", what, max, tol);
        assertTrue(max <= tol, what + ": max |diff| " + max + " > " + tol);
        return max;
    }

    /** Gradients: each value within {@code abs} absolute or {@code rel} relative to the reference. */
    public static void assertGradientsClose(String what, Map<String, HostTensor> expected, Map<String, float[]> actual,
            double abs, double rel) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": gradient names");
        double maxAbs = 0;
        for (Map.Entry<String, HostTensor> e : expected.entrySet()) {
            float[] want = e.getValue().toFloatArray();
            float[] got = actual.get(e.getKey());
            assertEquals(want.length, got.length, e.getKey());
            for (int i = 0; i < want.length; i++) {
                double d = Math.abs(want[i] - got[i]);
                maxAbs = Math.max(maxAbs, d);
                assertTrue(d <= abs || d <= rel * Math.abs(want[i]),
                        what + ": " + e.getKey() + "[" + i + "] = " + got[i] + ", PEFT " + want[i]);
            }
        }
        System.out.printf("parity %-60s max|diff| = %.3e (tol %.0e abs or %.0e rel)%n", what, maxAbs, abs, rel);
    }
}
