package org.tasl.weights;

import java.util.Map;
import org.tasl.tensor.HostTensor;

/**
 * A plain-Java, double-precision BERT forward pass over converted weights, used only to check
 * the conversion (names, [out, in] orientation, LayerNorm gamma/beta, MLM head) against the
 * published reference outputs. Single unpadded sequence, token type 0, exact-erf GELU.
 */
final class ReferenceBertForward {

    private final Map<String, HostTensor> w;
    private final int hidden;
    private final int layers;
    private final int heads;

    ReferenceBertForward(Map<String, HostTensor> weights, int hidden, int layers, int heads) {
        this.w = weights;
        this.hidden = hidden;
        this.layers = layers;
        this.heads = heads;
    }

    private final Map<String, float[]> floats = new java.util.HashMap<>();

    private float[] floats(String name) {
        return floats.computeIfAbsent(name, n -> w.get(n).toFloatArray());
    }

    private double[] vec(String name) {
        float[] f = floats(name);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Last hidden state [T][H]. */
    double[][] encode(int[] ids) {
        int t = ids.length;
        int h = hidden;
        HostTensor word = w.get("bert.embeddings.word_embeddings.weight");
        double[] pos = vec("bert.embeddings.position_embeddings.weight");
        double[] type = vec("bert.embeddings.token_type_embeddings.weight");
        double[][] x = new double[t][h];
        for (int i = 0; i < t; i++) {
            double[] row = row(word, ids[i]);
            for (int j = 0; j < h; j++) {
                x[i][j] = row[j] + pos[i * h + j] + type[j];
            }
        }
        x = layerNorm(x, "bert.embeddings.LayerNorm");
        int d = h / heads;
        for (int l = 0; l < layers; l++) {
            String p = "bert.encoder.layer." + l + ".";
            double[][] q = linear(x, p + "attention.self.query");
            double[][] k = linear(x, p + "attention.self.key");
            double[][] v = linear(x, p + "attention.self.value");
            double[][] ctx = new double[t][h];
            for (int hd = 0; hd < heads; hd++) {
                for (int i = 0; i < t; i++) {
                    double[] s = new double[t];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < t; j++) {
                        double dot = 0;
                        for (int c = 0; c < d; c++) {
                            dot += q[i][hd * d + c] * k[j][hd * d + c];
                        }
                        s[j] = dot / Math.sqrt(d);
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < t; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int j = 0; j < t; j++) {
                        for (int c = 0; c < d; c++) {
                            ctx[i][hd * d + c] += s[j] / sum * v[j][hd * d + c];
                        }
                    }
                }
            }
            x = layerNorm(add(x, linear(ctx, p + "attention.output.dense")), p + "attention.output.LayerNorm");
            double[][] inter = gelu(linear(x, p + "intermediate.dense"));
            x = layerNorm(add(x, linear(inter, p + "output.dense")), p + "output.LayerNorm");
        }
        return x;
    }

    /** MLM logits over the vocabulary for one hidden vector (decoder tied to the word embeddings). */
    double[] mlmLogits(double[] hiddenVec) {
        double[][] hv = gelu(linear(new double[][] {hiddenVec}, "cls.predictions.transform.dense"));
        hv = layerNorm(hv, "cls.predictions.transform.LayerNorm");
        HostTensor word = w.get("bert.embeddings.word_embeddings.weight");
        double[] bias = vec("cls.predictions.bias");
        float[] emb = floats("bert.embeddings.word_embeddings.weight");
        double[] logits = new double[bias.length];
        for (int vId = 0; vId < logits.length; vId++) {
            double s = bias[vId];
            for (int j = 0; j < hidden; j++) {
                s += hv[0][j] * emb[vId * hidden + j];
            }
            logits[vId] = s;
        }
        return logits;
    }

    private double[] row(HostTensor t, int r) {
        int cols = (int) t.shape()[1];
        java.nio.FloatBuffer fb = t.data().asFloatBuffer();
        double[] out = new double[cols];
        for (int j = 0; j < cols; j++) {
            out[j] = fb.get(r * cols + j);
        }
        return out;
    }

    private double[][] linear(double[][] x, String module) {
        HostTensor wt = w.get(module + ".weight");
        int out = (int) wt.shape()[0];
        int in = (int) wt.shape()[1];
        float[] m = floats(module + ".weight");
        double[] b = vec(module + ".bias");
        double[][] y = new double[x.length][out];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                int base = o * in;
                for (int j = 0; j < in; j++) {
                    s += x[i][j] * m[base + j];
                }
                y[i][o] = s;
            }
        }
        return y;
    }

    private double[][] layerNorm(double[][] x, String module) {
        double[] g = vec(module + ".weight");
        double[] b = vec(module + ".bias");
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double mean = 0;
            for (double v : x[i]) {
                mean += v;
            }
            mean /= x[i].length;
            double var = 0;
            for (double v : x[i]) {
                var += (v - mean) * (v - mean);
            }
            var /= x[i].length;
            double inv = 1 / Math.sqrt(var + 1e-12);
            y[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                y[i][j] = (x[i][j] - mean) * inv * g[j] + b[j];
            }
        }
        return y;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] y = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                y[i][j] = a[i][j] + b[i][j];
            }
        }
        return y;
    }

    private static double[][] gelu(double[][] x) {
        double[][] y = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[0].length; j++) {
                y[i][j] = 0.5 * x[i][j] * (1 + erf(x[i][j] / Math.sqrt(2)));
            }
        }
        return y;
    }

    /** erf to ~1e-14 (series for small |x|, continued fraction for the tail). */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 2.5) {
            double sum = 0;
            double term = ax;
            int n = 0;
            while (Math.abs(term) > 1e-17 * Math.abs(sum) || n == 0) {
                sum += term / (2 * n + 1);
                n++;
                term *= -ax * ax / n;
                if (n > 200) {
                    break;
                }
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            // erfc continued fraction (Lentz), converges fast for x >= 2.5
            double f = ax;
            for (int k = 60; k >= 1; k--) {
                f = ax + (k / 2.0) / f;
            }
            r = 1 - Math.exp(-ax * ax) / (Math.sqrt(Math.PI) * f);
        }
        return x < 0 ? -r : r;
    }
}
