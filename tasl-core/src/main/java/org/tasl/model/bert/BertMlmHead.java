package org.tasl.model.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.tasl.nn.Activations;
import org.tasl.nn.Container;
import org.tasl.nn.Embedding;
import org.tasl.nn.HfBlock;
import org.tasl.nn.LayerNorm;
import org.tasl.nn.Linear;
import org.tasl.nn.Weight;

/**
 * {@code cls.predictions}: the masked-LM head. {@code transform} (dense, activation,
 * LayerNorm), then a decoder tied to the word embeddings plus {@code cls.predictions.bias}.
 *
 * <p>Encoders shipped without a head (MiniLM, bge, e5) get one built from their own word
 * embeddings with no transform: logits = h · Eᵀ + bias (bias 0). We omit the transform rather
 * than initialising it as an identity: HF's transform applies GELU between the dense layer and
 * the LayerNorm, so an identity dense layer would still zero out the negative half of every
 * feature and change the representation, whereas the encoder's last hidden state is already
 * layer-normalised and lives in the space its input embeddings came from. The head adds no
 * tensor beyond the zero bias, so these models keep exactly their checkpoint's names.
 */
public final class BertMlmHead extends HfBlock {
    private final BertConfig config;
    private final Embedding tiedWords;
    private final Linear dense;
    private final LayerNorm norm;
    private final Weight bias;

    public BertMlmHead(BertConfig config, Embedding tiedWords, boolean withTransform) {
        this.config = config;
        this.tiedWords = tiedWords;
        Container predictions = module("predictions", new Container());
        if (withTransform) {
            Container transform = predictions.add("transform", new Container());
            dense = transform.add("dense", new Linear(config.hiddenSize(), config.hiddenSize(), true));
            norm = transform.add("LayerNorm", new LayerNorm(config.hiddenSize(), config.layerNormEps()));
        } else {
            dense = null;
            norm = null;
        }
        bias = predictions.addWeight("bias", new Shape(config.vocabSize()), Parameter.Type.BIAS);
    }

    public boolean hasTransform() {
        return dense != null;
    }

    public Weight bias() {
        return bias;
    }

    /** Hidden states [..., H] → vocabulary logits [..., V]. */
    public NDArray forward(NDArray h, boolean training) {
        NDArray x = h;
        if (dense != null) {
            x = norm.forward(Activations.apply(config.hiddenAct(), dense.forward(x, training)));
        }
        return ai.djl.nn.core.Linear.linear(x, tiedWords.weightParameter().array(), bias.array()).singletonOrThrow();
    }
}
