package org.tasl.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import org.tasl.nn.FusedAttention;
import org.tasl.nn.HfBlock;
import org.tasl.nn.Linear;
import org.tasl.nn.Scalars;

/**
 * LLaMA's self-attention ({@code self_attn}) with grouped-query attention: {@code q_proj} makes
 * {@code num_attention_heads} heads, {@code k_proj}/{@code v_proj} only
 * {@code num_key_value_heads}, and each key/value head serves {@code groups} consecutive query
 * heads (Transformers' {@code repeat_kv}). Queries and keys are rotated by RoPE; scores are
 * scaled by head_dim^-0.5; the additive bias carries the causal and padding masks.
 */
public final class LlamaAttention extends HfBlock {
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final float scale;
    final Linear qProj;
    final Linear kProj;
    final Linear vProj;
    final Linear oProj;

    LlamaAttention(LlamaConfig c) {
        heads = c.numAttentionHeads();
        kvHeads = c.numKeyValueHeads();
        headDim = c.headDim();
        scale = (float) Math.pow(headDim, -0.5);
        boolean bias = c.attentionBias();
        qProj = module("q_proj", new Linear(c.hiddenSize(), heads * headDim, bias));
        kProj = module("k_proj", new Linear(c.hiddenSize(), kvHeads * headDim, bias));
        vProj = module("v_proj", new Linear(c.hiddenSize(), kvHeads * headDim, bias));
        oProj = module("o_proj", new Linear(heads * headDim, c.hiddenSize(), bias));
    }

    /**
     * @param x [B, T, hidden]
     * @param rope the rotary embedding and its cos/sin tables for these T positions
     * @param bias additive mask broadcastable to [B, heads, T, keys]
     * @param cache null, or the cache to append these keys/values to and attend over
     */
    NDArray forward(NDArray x, RotaryEmbedding rope, NDArray cos, NDArray sin, NDArray bias, LlamaKvCache cache,
            int layer, boolean training) {
        NDArray q = rope.apply(split(qProj.forward(x, training), heads), cos, sin);
        NDArray k = rope.apply(split(kProj.forward(x, training), kvHeads), cos, sin);
        NDArray v = split(vProj.forward(x, training), kvHeads);
        if (cache != null) {
            NDArray[] kv = cache.append(layer, k, v);
            k = kv[0];
            v = kv[1];
        }
        int groups = heads / kvHeads;
        if (groups > 1) {
            k = k.repeat(1, groups);
            v = v.repeat(1, groups);
        }
        NDArray context;
        if (FusedAttention.available()) {
            // causality and padding are both in the additive bias, so is_causal stays false
            context = FusedAttention.attention(q, k, v, bias, 0f, false, scale).transpose(0, 2, 1, 3);
        } else {
            NDArray scores = Scalars.mul(q.matMul(k.transpose(0, 1, 3, 2)), scale).add(bias);
            context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3);
        }
        Shape s = context.getShape();
        return oProj.forward(context.reshape(s.get(0), s.get(1), (long) heads * headDim), training);
    }

    private NDArray split(NDArray projected, int n) {
        Shape s = projected.getShape();
        return projected.reshape(s.get(0), s.get(1), n, headDim).transpose(0, 2, 1, 3);
    }
}
