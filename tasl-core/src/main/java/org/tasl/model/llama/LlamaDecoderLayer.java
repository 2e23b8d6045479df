package org.tasl.model.llama;

import ai.djl.ndarray.NDArray;
import org.tasl.nn.HfBlock;
import org.tasl.nn.RmsNorm;

/**
 * One LLaMA layer ({@code model.layers.N}): pre-norm residuals,
 * {@code h = x + self_attn(input_layernorm(x))}, {@code out = h + mlp(post_attention_layernorm(h))}.
 */
public final class LlamaDecoderLayer extends HfBlock {
    final RmsNorm inputLayernorm;
    final LlamaAttention selfAttn;
    final RmsNorm postAttentionLayernorm;
    final LlamaMlp mlp;

    LlamaDecoderLayer(LlamaConfig c) {
        selfAttn = module("self_attn", new LlamaAttention(c));
        mlp = module("mlp", new LlamaMlp(c));
        inputLayernorm = module("input_layernorm", new RmsNorm(c.hiddenSize(), c.rmsNormEps()));
        postAttentionLayernorm = module("post_attention_layernorm", new RmsNorm(c.hiddenSize(), c.rmsNormEps()));
    }

    NDArray forward(NDArray x, RotaryEmbedding rope, NDArray cos, NDArray sin, NDArray bias, LlamaKvCache cache,
            int layer, boolean training) {
        NDArray h = x.add(selfAttn.forward(inputLayernorm.forward(x), rope, cos, sin, bias, cache, layer, training));
        return h.add(mlp.forward(postAttentionLayernorm.forward(h), training));
    }
}
