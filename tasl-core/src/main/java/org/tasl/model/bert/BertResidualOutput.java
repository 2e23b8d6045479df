package org.tasl.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.Dropout;
import org.tasl.nn.HfBlock;
import org.tasl.nn.LayerNorm;
import org.tasl.nn.Linear;

/**
 * {@code attention.output} and {@code output} of a BERT layer: dense, dropout, then
 * LayerNorm(h + residual) (post-norm).
 */
public final class BertResidualOutput extends HfBlock {
    private final float dropout;
    private final Linear dense;
    private final LayerNorm norm;

    public BertResidualOutput(int in, int out, float eps, float dropout) {
        this.dropout = dropout;
        dense = module("dense", new Linear(in, out, true));
        norm = module("LayerNorm", new LayerNorm(out, eps));
    }

    public NDArray forward(NDArray h, NDArray residual, boolean training) {
        NDArray y = dense.forward(h, training);
        if (training && dropout > 0) {
            y = Dropout.dropout(y, dropout, true).singletonOrThrow();
        }
        return norm.forward(y.add(residual));
    }
}
