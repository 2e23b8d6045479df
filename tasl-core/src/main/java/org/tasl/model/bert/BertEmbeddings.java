package org.tasl.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import org.tasl.nn.Embedding;
import org.tasl.nn.HfBlock;
import org.tasl.nn.LayerNorm;

/** {@code bert.embeddings}: word + absolute position + token type (all segment 0), then LayerNorm and dropout. */
public final class BertEmbeddings extends HfBlock {
    private final BertConfig config;
    private final Embedding word;
    private final Embedding position;
    private final Embedding tokenType;
    private final LayerNorm norm;

    public BertEmbeddings(BertConfig config) {
        this.config = config;
        word = module("word_embeddings", new Embedding(config.vocabSize(), config.hiddenSize()));
        position = module("position_embeddings", new Embedding(config.maxPositions(), config.hiddenSize()));
        tokenType = module("token_type_embeddings", new Embedding(config.typeVocabSize(), config.hiddenSize()));
        norm = module("LayerNorm", new LayerNorm(config.hiddenSize(), config.layerNormEps()));
    }

    public Embedding word() {
        return word;
    }

    /** ids [B, T] int64 → [B, T, H]. */
    public NDArray forward(NDArray ids, boolean training) {
        NDManager m = ids.getManager();
        long t = ids.getShape().get(1);
        if (t > config.maxPositions()) {
            throw new IllegalArgumentException("sequence of " + t + " tokens exceeds max_position_embeddings "
                    + config.maxPositions());
        }
        NDArray positions = m.arange(0, (int) t, 1, DataType.INT64);
        NDArray segment = m.zeros(new Shape(1), DataType.INT64);
        NDArray x = word.forward(ids).add(position.forward(positions)).add(tokenType.forward(segment));
        x = norm.forward(x);
        return training && config.hiddenDropout() > 0
                ? Dropout.dropout(x, config.hiddenDropout(), true).singletonOrThrow() : x;
    }
}
