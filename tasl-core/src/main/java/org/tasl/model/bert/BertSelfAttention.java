package org.tasl.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.norm.Dropout;
import org.tasl.nn.FusedAttention;
import org.tasl.nn.HfBlock;
import org.tasl.nn.Linear;
import org.tasl.nn.Scalars;

/**
 * {@code attention.self}: multi-head scaled dot-product attention with {@code query},
 * {@code key}, {@code value} projections (the usual LoRA targets). Padding is excluded by an
 * additive mask that the encoder computes once per batch. With our native library on
 * PyTorch ≥ 2.1 the attention is one fused call ({@link FusedAttention}); else the eager
 * product–softmax–product below, the same function.
 */
public final class BertSelfAttention extends HfBlock {
    private final BertConfig config;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final float scale;

    public BertSelfAttention(BertConfig config) {
        this.config = config;
        int h = config.hiddenSize();
        query = module("query", new Linear(h, h, true));
        key = module("key", new Linear(h, h, true));
        value = module("value", new Linear(h, h, true));
        scale = (float) (1.0 / Math.sqrt(config.headDim()));
    }

    /**
     * x [B, T, H], additiveMask [B, 1, 1, T] (0 for tokens, a large negative for padding, or
     * null when nothing is padded) → context [B, T, H].
     */
    public NDArray forward(NDArray x, NDArray additiveMask, boolean training) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int heads = config.numHeads();
        int d = config.headDim();
        float dropout = training ? config.attentionDropout() : 0f;
        if (FusedAttention.available()) {
            NDArray q = query.forward(x, training).reshape(b, t, heads, d).transpose(0, 2, 1, 3);
            NDArray k = key.forward(x, training).reshape(b, t, heads, d).transpose(0, 2, 1, 3);
            NDArray v = value.forward(x, training).reshape(b, t, heads, d).transpose(0, 2, 1, 3);
            return FusedAttention.attention(q, k, v, additiveMask, dropout, false, scale)
                    .transpose(0, 2, 1, 3).reshape(b, t, (long) heads * d);
        }
        // Scaling q (T·d values) instead of the scores (T·T) is the same math, cheaper.
        NDArray q = Scalars.mul(query.forward(x, training), scale).reshape(b, t, heads, d).transpose(0, 2, 1, 3);
        NDArray k = key.forward(x, training).reshape(b, t, heads, d).transpose(0, 2, 3, 1);
        NDArray v = value.forward(x, training).reshape(b, t, heads, d).transpose(0, 2, 1, 3);
        NDArray scores = q.matMul(k);
        if (additiveMask != null) {
            scores = scores.add(additiveMask);
        }
        // softmax in fp32 under mixed precision (as autocast and the fused kernels do): the
        // gradient through it is a difference of near-equal terms that bf16 would swamp
        NDArray probs = scores.getDataType() == DataType.FLOAT32 ? scores.softmax(-1)
                : scores.toType(DataType.FLOAT32, false).softmax(-1).toType(scores.getDataType(), false);
        if (dropout > 0) {
            probs = Dropout.dropout(probs, dropout, true).singletonOrThrow();
        }
        return probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * d);
    }
}
