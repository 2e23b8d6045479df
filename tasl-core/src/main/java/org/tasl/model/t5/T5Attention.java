package org.tasl.model.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import org.tasl.nn.Embedding;
import org.tasl.nn.FusedAttention;
import org.tasl.nn.HfBlock;
import org.tasl.nn.Linear;

/**
 * T5's multi-head attention ({@code SelfAttention} / {@code EncDecAttention}): bias-free q, k, v,
 * o projections, scores q·kᵀ <em>without</em> the 1/√d scaling (T5 folds it into the
 * initialisation), plus an additive bias that carries the relative positions and the masks.
 * Only the first layer of each stack owns {@code relative_attention_bias}; the bias it
 * computes is shared by every layer of the stack.
 */
public final class T5Attention extends HfBlock {
    private final int heads;
    private final int dKv;
    private final float dropout;
    private final boolean bidirectional;
    private final int numBuckets;
    private final int maxDistance;
    final Linear q;
    final Linear k;
    final Linear v;
    final Linear o;
    private final Embedding relativeAttentionBias;

    T5Attention(T5Config c, boolean hasRelativeBias, boolean bidirectional) {
        this.heads = c.numHeads();
        this.dKv = c.dKv();
        this.dropout = c.dropoutRate();
        this.bidirectional = bidirectional;
        this.numBuckets = c.relativeAttentionNumBuckets();
        this.maxDistance = c.relativeAttentionMaxDistance();
        int inner = c.innerDim();
        q = module("q", new Linear(c.dModel(), inner, false));
        k = module("k", new Linear(c.dModel(), inner, false));
        v = module("v", new Linear(c.dModel(), inner, false));
        o = module("o", new Linear(inner, c.dModel(), false));
        relativeAttentionBias = hasRelativeBias
                ? module("relative_attention_bias", new Embedding(numBuckets, heads))
                : null;
    }

    boolean hasRelativeBias() {
        return relativeAttentionBias != null;
    }

    /**
     * The learned relative-position bias [1, heads, queryLength, keyLength] for queries at
     * {@code queryOffset …} and keys at {@code 0 …}.
     */
    NDArray positionBias(NDManager scope, int queryLength, int keyLength, int queryOffset) {
        long[] buckets = RelativePositionBuckets.table(queryLength, keyLength, queryOffset, bidirectional,
                numBuckets, maxDistance);
        NDArray ids = scope.create(buckets, new Shape(queryLength, keyLength));
        return relativeAttentionBias.forward(ids).transpose(2, 0, 1).expandDims(0);
    }

    /**
     * @param x queries' input [B, Tq, d_model]
     * @param keyValues the keys' input ([B, Tk, d_model]; the encoder output for cross-attention)
     * @param bias added to the scores, broadcastable to [B, heads, Tq, Tk]
     * @return [B, Tq, d_model]
     */
    NDArray forward(NDArray x, NDArray keyValues, NDArray bias, boolean training) {
        NDArray query = split(q.forward(x, training));
        NDArray key = split(k.forward(keyValues, training));
        NDArray value = split(v.forward(keyValues, training));
        return attend(query, key, value, bias, training);
    }

    /** Attention given already projected heads [B, heads, T, d_kv] (the decoder's KV cache path). */
    NDArray attend(NDArray query, NDArray key, NDArray value, NDArray bias, boolean training) {
        if (FusedAttention.available()) {
            // T5 does not scale the scores (its initialisation absorbs 1/√d): scale 1
            NDArray context = FusedAttention.attention(query, key, value, bias, training ? dropout : 0f, false, 1.0)
                    .transpose(0, 2, 1, 3);
            Shape s = context.getShape();
            return o.forward(context.reshape(s.get(0), s.get(1), (long) heads * dKv), training);
        }
        NDArray scores = query.matMul(key.transpose(0, 1, 3, 2)).add(bias);
        NDArray weights = scores.softmax(-1);
        if (training && dropout > 0f) {
            weights = Dropout.dropout(weights, dropout, true).singletonOrThrow();
        }
        NDArray context = weights.matMul(value).transpose(0, 2, 1, 3);
        Shape s = context.getShape();
        return o.forward(context.reshape(s.get(0), s.get(1), (long) heads * dKv), training);
    }

    /** [B, T, heads·d_kv] → [B, heads, T, d_kv]. */
    NDArray split(NDArray projected) {
        Shape s = projected.getShape();
        return projected.reshape(s.get(0), s.get(1), heads, dKv).transpose(0, 2, 1, 3);
    }
}
