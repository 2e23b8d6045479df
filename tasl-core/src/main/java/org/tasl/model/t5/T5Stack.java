package org.tasl.model.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.tasl.nn.HfBlock;
import org.tasl.nn.ModuleList;
import org.tasl.nn.RmsNorm;

/**
 * The encoder or the decoder of T5 ({@code encoder.} / {@code decoder.}): token embeddings (the
 * model's shared table, passed in), the blocks, and {@code final_layer_norm}. The relative
 * position bias is computed once by block 0 and, with the masks folded in, reused by every block.
 */
public final class T5Stack extends HfBlock {
    /** What masked scores get added: Transformers uses the float32 minimum; any value that underflows exp() to 0 is equivalent. */
    static final float MASKED = -1e9f;

    private final boolean decoder;
    private final float dropout;
    final ModuleList<T5Block> blocks;
    final RmsNorm finalLayerNorm;

    T5Stack(T5Config c, boolean decoder) {
        this.decoder = decoder;
        this.dropout = c.dropoutRate();
        blocks = module("block", new ModuleList<>());
        int n = decoder ? c.numDecoderLayers() : c.numLayers();
        for (int i = 0; i < n; i++) {
            blocks.add(new T5Block(c, decoder, i == 0));
        }
        finalLayerNorm = module("final_layer_norm", new RmsNorm(c.dModel(), c.layerNormEpsilon()));
    }

    /**
     * @param embeddings [B, T, d_model]
     * @param mask [B, T] of 1 (token) / 0 (padding), or null for no padding; the decoder ignores
     *     it and is causal
     * @param encoder the encoder output [B, S, d_model] (decoder only)
     * @param encoderMask [B, S] 1/0 (decoder only; null for no padding)
     * @return the normed last hidden state [B, T, d_model]
     */
    NDArray forward(NDArray embeddings, NDArray mask, NDArray encoder, NDArray encoderMask, boolean training) {
        NDManager scope = embeddings.getManager();
        int length = (int) embeddings.getShape().get(1);
        NDArray selfBias = blocks.get(0).selfAttention.attention.positionBias(scope, length, length, 0);
        selfBias = selfBias.add(decoder ? causalBias(scope, length, length, 0) : paddingBias(mask, scope));
        NDArray crossBias = decoder ? paddingBias(encoderMask, scope) : null;
        NDArray h = T5Block.dropout(embeddings, dropout, training);
        for (T5Block block : blocks.items()) {
            h = block.forward(h, selfBias, encoder, crossBias, training);
        }
        return T5Block.dropout(finalLayerNorm.forward(h), dropout, training);
    }

    /** [B, T] 1/0 → additive [B, 1, 1, T]: 0 on tokens, {@link #MASKED} on padding (a scalar 0 when mask is null). */
    static NDArray paddingBias(NDArray mask, NDManager scope) {
        if (mask == null) {
            return scope.zeros(new Shape(1, 1, 1, 1), DataType.FLOAT32);
        }
        NDArray m = mask.toType(DataType.FLOAT32, false);
        return m.neg().add(1f).mul(MASKED).expandDims(1).expandDims(1);
    }

    /** Additive causal mask [1, 1, Tq, Tk] for queries at {@code queryOffset …}: keys after the query are masked. */
    static NDArray causalBias(NDManager scope, int queryLength, int keyLength, int queryOffset) {
        float[] bias = new float[queryLength * keyLength];
        for (int q = 0; q < queryLength; q++) {
            for (int k = 0; k < keyLength; k++) {
                bias[q * keyLength + k] = k > q + queryOffset ? MASKED : 0f;
            }
        }
        return scope.create(bias, new Shape(1, 1, queryLength, keyLength));
    }
}
