package org.tasl.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.tasl.nn.Embedding;
import org.tasl.nn.HfBlock;
import org.tasl.nn.Linear;
import org.tasl.nn.ModuleList;
import org.tasl.nn.RmsNorm;

/**
 * The module tree of {@code LlamaForCausalLM}, named as in its state_dict: {@code model}
 * ({@code embed_tokens}, {@code layers}, {@code norm}) and {@code lm_head} (absent when tied to
 * the embeddings).
 */
public final class LlamaTransformer extends HfBlock {
    /** Added to masked scores; underflows exp() to exactly 0 like Transformers' float32 minimum. */
    static final float MASKED = -1e9f;

    private final LlamaConfig config;
    private final RotaryEmbedding rope;
    final Backbone model;
    final Linear lmHead;

    /** {@code model.}: embeddings, layers, final norm. */
    public static final class Backbone extends HfBlock {
        final Embedding embedTokens;
        final ModuleList<LlamaDecoderLayer> layers;
        final RmsNorm norm;

        Backbone(LlamaConfig c) {
            embedTokens = module("embed_tokens", new Embedding(c.vocabSize(), c.hiddenSize()));
            layers = module("layers", new ModuleList<>());
            for (int i = 0; i < c.numHiddenLayers(); i++) {
                layers.add(new LlamaDecoderLayer(c));
            }
            norm = module("norm", new RmsNorm(c.hiddenSize(), c.rmsNormEps()));
        }
    }

    LlamaTransformer(LlamaConfig config, boolean separateLmHead) {
        this.config = config;
        this.rope = new RotaryEmbedding(config.headDim(), config.ropeTheta());
        model = module("model", new Backbone(config));
        lmHead = separateLmHead ? module("lm_head", new Linear(config.hiddenSize(), config.vocabSize(), false)) : null;
    }

    public LlamaConfig config() {
        return config;
    }

    /**
     * The normed last hidden state [B, T, hidden] of T new tokens per row.
     *
     * @param ids [B, T] int64
     * @param positions the RoPE position of every new token [B][T]
     * @param keyMask [B, cached + T] 1 for real tokens, 0 for padding (null: no padding)
     * @param cache null for a full pass; else the keys/values of earlier tokens, extended here
     */
    public NDArray hidden(NDArray ids, long[][] positions, NDArray keyMask, LlamaKvCache cache, boolean training) {
        NDManager scope = ids.getManager();
        int t = (int) ids.getShape().get(1);
        int cached = cache == null ? 0 : (int) cache.length();
        NDArray bias = causalBias(scope, t, cached);
        if (keyMask != null) {
            bias = bias.add(keyMask.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).neg().add(1f).mul(MASKED)
                    .expandDims(1).expandDims(1));
        }
        NDArray[] cosSin = rope.tables(scope, positions);
        NDArray h = model.embedTokens.forward(ids);
        int i = 0;
        for (LlamaDecoderLayer layer : model.layers.items()) {
            h = layer.forward(h, rope, cosSin[0], cosSin[1], bias, cache, i++, training);
        }
        return model.norm.forward(h);
    }

    /** Hidden states → vocabulary logits [B, T, V]. */
    public NDArray logits(NDArray hidden, boolean training) {
        return lmHead != null
                ? lmHead.forward(hidden, training)
                : ai.djl.nn.core.Linear.linear(hidden, model.embedTokens.weightParameter().array()).singletonOrThrow();
    }

    /** Full causal pass over right-padded rows: positions 0…T−1, padding keys masked → logits [B, T, V]. */
    public NDArray forward(NDArray ids, NDArray mask, boolean training) {
        Shape s = ids.getShape();
        long[][] positions = new long[(int) s.get(0)][(int) s.get(1)];
        for (long[] row : positions) {
            for (int p = 0; p < row.length; p++) {
                row[p] = p;
            }
        }
        return logits(hidden(ids, positions, mask, null, training), training);
    }

    /** [1, 1, T, cached + T]: query i (at cached + i) sees keys 0 … cached + i. */
    static NDArray causalBias(NDManager scope, int t, int cached) {
        int keys = cached + t;
        float[] bias = new float[t * keys];
        for (int q = 0; q < t; q++) {
            for (int k = 0; k < keys; k++) {
                bias[q * keys + k] = k > cached + q ? MASKED : 0f;
            }
        }
        return scope.create(bias, new Shape(1, 1, t, keys));
    }
}
