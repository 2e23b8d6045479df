package org.tasl.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.tasl.nn.Container;
import org.tasl.nn.HfBlock;
import org.tasl.nn.ModuleList;
import org.tasl.nn.Scalars;

/**
 * {@code bert}: embeddings and the stack of {@code encoder.layer.N}. BertForMaskedLM has no
 * pooler, so a checkpoint's {@code bert.pooler.*} is not loaded.
 */
public final class BertEncoder extends HfBlock {
    /** Added to attention scores of padding; exp underflows to exactly 0 as with HF's finfo.min. */
    static final float MASKED = -1e9f;

    private final BertEmbeddings embeddings;
    private final ModuleList<BertLayer> layers;

    public BertEncoder(BertConfig config) {
        embeddings = module("embeddings", new BertEmbeddings(config));
        Container encoder = module("encoder", new Container());
        layers = encoder.add("layer", new ModuleList<>());
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(new BertLayer(config));
        }
    }

    public BertEmbeddings embeddings() {
        return embeddings;
    }

    public ModuleList<BertLayer> layers() {
        return layers;
    }

    /**
     * ids [B, T] int64, attentionMask [B, T] (1 token, 0 padding; null = no padding) → last
     * hidden state [B, T, H].
     */
    public NDArray forward(NDArray ids, NDArray attentionMask, boolean training) {
        NDArray additive = null;
        if (attentionMask != null) {
            long b = ids.getShape().get(0);
            long t = ids.getShape().get(1);
            NDArray mask = attentionMask.getDataType() == DataType.FLOAT32 ? attentionMask
                    : attentionMask.toType(DataType.FLOAT32, false);
            additive = Scalars.mul(Scalars.sub(mask, 1f), -MASKED).reshape(b, 1, 1, t);
        }
        NDArray h = embeddings.forward(ids, training);
        if (additive != null && additive.getDataType() != h.getDataType()) {
            additive = additive.toType(h.getDataType(), false); // scores are in the activations' type
        }
        for (BertLayer layer : layers.items()) {
            // Each layer runs in a scope of its own that keeps only the layer's output: closing
            // the scope drops the handles of its intermediates, and libtorch frees those that
            // autograd did not save for the backward pass (as PyTorch's reference counting
            // does), instead of holding every intermediate of every layer until the step ends.
            NDManager outer = h.getManager();
            try (NDManager layerScope = outer.newSubManager()) {
                layerScope.tempAttachAll(h);
                NDArray out = layer.forward(h, additive, training);
                out.attach(outer);
                h = out;
            }
        }
        return h;
    }
}
