package org.tasl.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import org.tasl.nn.HfBlock;
import org.tasl.nn.Linear;

/** SwiGLU feed-forward ({@code mlp}): {@code down_proj(silu(gate_proj(x)) · up_proj(x))}. */
public final class LlamaMlp extends HfBlock {
    final Linear gateProj;
    final Linear upProj;
    final Linear downProj;

    LlamaMlp(LlamaConfig c) {
        gateProj = module("gate_proj", new Linear(c.hiddenSize(), c.intermediateSize(), c.mlpBias()));
        upProj = module("up_proj", new Linear(c.hiddenSize(), c.intermediateSize(), c.mlpBias()));
        downProj = module("down_proj", new Linear(c.intermediateSize(), c.hiddenSize(), c.mlpBias()));
    }

    NDArray forward(NDArray x, boolean training) {
        NDArray gate = gateProj.forward(x, training);
        NDArray silu = gate.mul(Activation.sigmoid(gate));
        return downProj.forward(silu.mul(upProj.forward(x, training)), training);
    }
}
