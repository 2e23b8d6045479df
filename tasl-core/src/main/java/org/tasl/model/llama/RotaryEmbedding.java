package org.tasl.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding (RoPE) as LLaMA applies it to queries and keys: the head dimension
 * is split in halves (x₁, x₂) and rotated by angles position·θ^(−2i/d):
 * {@code x·cos + rotate_half(x)·sin} with {@code rotate_half(x) = (−x₂, x₁)}. The angles are
 * computed in float32 like Transformers' default rotary embedding.
 */
public final class RotaryEmbedding {
    private final int headDim;
    private final float[] inverseFrequencies;

    RotaryEmbedding(int headDim, double theta) {
        this.headDim = headDim;
        this.inverseFrequencies = new float[headDim / 2];
        for (int i = 0; i < inverseFrequencies.length; i++) {
            float exponent = (float) (2 * i) / headDim;
            inverseFrequencies[i] = 1f / (float) Math.pow(theta, exponent);
        }
    }

    /** cos and sin tables [B, 1, T, headDim] for the given positions [B][T]. */
    NDArray[] tables(NDManager scope, long[][] positions) {
        int b = positions.length;
        int t = positions[0].length;
        int half = headDim / 2;
        float[] cos = new float[b * t * headDim];
        float[] sin = new float[b * t * headDim];
        for (int i = 0; i < b; i++) {
            for (int p = 0; p < t; p++) {
                int base = (i * t + p) * headDim;
                for (int f = 0; f < half; f++) {
                    float angle = (float) positions[i][p] * inverseFrequencies[f];
                    float c = (float) Math.cos(angle);
                    float s = (float) Math.sin(angle);
                    cos[base + f] = c;
                    cos[base + f + half] = c;
                    sin[base + f] = s;
                    sin[base + f + half] = s;
                }
            }
        }
        Shape shape = new Shape(b, 1, t, headDim);
        return new NDArray[] {scope.create(cos, shape), scope.create(sin, shape)};
    }

    /** x [B, heads, T, headDim] rotated by the tables from {@link #tables}. */
    NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        int half = headDim / 2;
        NDArray first = x.get(new NDIndex("..., :" + half));
        NDArray second = x.get(new NDIndex("..., " + half + ":"));
        NDArray rotated = second.neg().concat(first, -1);
        return x.mul(cos).add(rotated.mul(sin));
    }
}
