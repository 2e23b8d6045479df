package org.tasl.model.bert;

import ai.djl.ndarray.NDArray;
import org.tasl.nn.Activations;
import org.tasl.nn.Container;
import org.tasl.nn.HfBlock;
import org.tasl.nn.Linear;

/**
 * {@code encoder.layer.N}: self-attention with its residual output, then the feed-forward
 * network ({@code intermediate.dense} + activation, {@code output} dense + residual LayerNorm).
 */
public final class BertLayer extends HfBlock {
    private final BertConfig config;
    private final BertSelfAttention selfAttention;
    private final BertResidualOutput attentionOutput;
    private final Linear intermediate;
    private final BertResidualOutput output;

    public BertLayer(BertConfig config) {
        this.config = config;
        int h = config.hiddenSize();
        Container attention = module("attention", new Container());
        selfAttention = attention.add("self", new BertSelfAttention(config));
        attentionOutput = attention.add("output",
                new BertResidualOutput(h, h, config.layerNormEps(), config.hiddenDropout()));
        Container inter = module("intermediate", new Container());
        intermediate = inter.add("dense", new Linear(h, config.intermediateSize(), true));
        output = module("output", new BertResidualOutput(config.intermediateSize(), h, config.layerNormEps(),
                config.hiddenDropout()));
    }

    public NDArray forward(NDArray x, NDArray additiveMask, boolean training) {
        NDArray a = attentionOutput.forward(selfAttention.forward(x, additiveMask, training), x, training);
        NDArray h = Activations.apply(config.hiddenAct(), intermediate.forward(a, training));
        return output.forward(h, a, training);
    }
}
