package org.tasl.model.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.Dropout;
import org.tasl.nn.HfBlock;
import org.tasl.nn.ModuleList;
import org.tasl.nn.RmsNorm;

/**
 * One T5 layer ({@code block.N}): pre-norm residual sub-layers in {@code layer.0…}: self-attention,
 * then (decoder only) cross-attention over the encoder output, then the feed-forward. Each
 * sub-layer is {@code x + dropout(f(layer_norm(x)))} with T5's bias-free RMS layer norm.
 */
public final class T5Block extends HfBlock {
    final SelfAttentionLayer selfAttention;
    final CrossAttentionLayer crossAttention;
    final FeedForwardLayer feedForward;

    T5Block(T5Config c, boolean decoder, boolean hasRelativeBias) {
        ModuleList<HfBlock> layer = module("layer", new ModuleList<>());
        selfAttention = (SelfAttentionLayer) layer.add(new SelfAttentionLayer(c, hasRelativeBias, !decoder));
        crossAttention = decoder ? (CrossAttentionLayer) layer.add(new CrossAttentionLayer(c)) : null;
        feedForward = (FeedForwardLayer) layer.add(new FeedForwardLayer(c));
    }

    /**
     * @param selfBias position bias + mask for self-attention, broadcastable to [B, H, T, T]
     * @param encoder the encoder output (decoder only)
     * @param crossBias the encoder padding mask as an additive bias (decoder only)
     */
    NDArray forward(NDArray x, NDArray selfBias, NDArray encoder, NDArray crossBias, boolean training) {
        NDArray h = selfAttention.forward(x, selfBias, training);
        if (crossAttention != null) {
            h = crossAttention.forward(h, encoder, crossBias, training);
        }
        return feedForward.forward(h, training);
    }

    static NDArray dropout(NDArray x, float rate, boolean training) {
        return training && rate > 0f ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
    }

    /** {@code layer.0}: {@code SelfAttention} + {@code layer_norm}. */
    public static final class SelfAttentionLayer extends HfBlock {
        final T5Attention attention;
        final RmsNorm layerNorm;
        private final float dropout;

        SelfAttentionLayer(T5Config c, boolean hasRelativeBias, boolean bidirectional) {
            attention = module("SelfAttention", new T5Attention(c, hasRelativeBias, bidirectional));
            layerNorm = module("layer_norm", new RmsNorm(c.dModel(), c.layerNormEpsilon()));
            dropout = c.dropoutRate();
        }

        NDArray forward(NDArray x, NDArray bias, boolean training) {
            NDArray normed = layerNorm.forward(x);
            return x.add(dropout(attention.forward(normed, normed, bias, training), dropout, training));
        }
    }

    /** {@code layer.1} of a decoder block: {@code EncDecAttention} + {@code layer_norm}. */
    public static final class CrossAttentionLayer extends HfBlock {
        final T5Attention attention;
        final RmsNorm layerNorm;
        private final float dropout;

        CrossAttentionLayer(T5Config c) {
            attention = module("EncDecAttention", new T5Attention(c, false, true));
            layerNorm = module("layer_norm", new RmsNorm(c.dModel(), c.layerNormEpsilon()));
            dropout = c.dropoutRate();
        }

        NDArray forward(NDArray x, NDArray encoder, NDArray bias, boolean training) {
            NDArray normed = layerNorm.forward(x);
            return x.add(dropout(attention.forward(normed, encoder, bias, training), dropout, training));
        }
    }

    /** The last sub-layer: {@code DenseReluDense} + {@code layer_norm}. */
    public static final class FeedForwardLayer extends HfBlock {
        final T5FeedForward denseReluDense;
        final RmsNorm layerNorm;
        private final float dropout;

        FeedForwardLayer(T5Config c) {
            denseReluDense = module("DenseReluDense", new T5FeedForward(c));
            layerNorm = module("layer_norm", new RmsNorm(c.dModel(), c.layerNormEpsilon()));
            dropout = c.dropoutRate();
        }

        NDArray forward(NDArray x, boolean training) {
            return x.add(dropout(denseReluDense.forward(layerNorm.forward(x), training), dropout, training));
        }
    }
}
