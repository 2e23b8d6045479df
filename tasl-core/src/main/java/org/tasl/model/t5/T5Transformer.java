package org.tasl.model.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.tasl.nn.Embedding;
import org.tasl.nn.HfBlock;
import org.tasl.nn.Linear;
import org.tasl.nn.Scalars;

/**
 * The module tree of {@code T5ForConditionalGeneration}, named as in its state_dict:
 * {@code shared} (the token table both stacks read), {@code encoder}, {@code decoder} and, for
 * untied checkpoints (T5 v1.1, Flan-T5), {@code lm_head}. A tied checkpoint projects onto
 * {@code shared} instead.
 */
public final class T5Transformer extends HfBlock {
    private final T5Config config;
    final Embedding shared;
    final T5Stack encoder;
    final T5Stack decoder;
    /** Null when the vocabulary projection is the shared table. */
    final Linear lmHead;

    T5Transformer(T5Config config, boolean separateLmHead) {
        this.config = config;
        shared = module("shared", new Embedding(config.vocabSize(), config.dModel()));
        encoder = module("encoder", new T5Stack(config, false));
        decoder = module("decoder", new T5Stack(config, true));
        lmHead = separateLmHead ? module("lm_head", new Linear(config.dModel(), config.vocabSize(), false)) : null;
    }

    public T5Config config() {
        return config;
    }

    /** ids [B, S] (int64), mask [B, S] 1/0 or null → encoder output [B, S, d_model]. */
    public NDArray encode(NDArray ids, NDArray mask, boolean training) {
        return encoder.forward(shared.forward(ids), mask, null, null, training);
    }

    /** Decoder inputs [B, T] (start token first) → the decoder's last hidden state [B, T, d_model]. */
    public NDArray decode(NDArray decoderIds, NDArray encoderStates, NDArray encoderMask, boolean training) {
        return decoder.forward(shared.forward(decoderIds), null, encoderStates, encoderMask, training);
    }

    /** Decoder hidden states → vocabulary logits [B, T, V] (with the d_model^-0.5 rescale when configured). */
    public NDArray logits(NDArray decoderHidden, boolean training) {
        NDArray h = config.scaleDecoderOutputs()
                ? Scalars.mul(decoderHidden, (float) Math.pow(config.dModel(), -0.5)) : decoderHidden;
        return lmHead != null
                ? lmHead.forward(h, training)
                : ai.djl.nn.core.Linear.linear(h, shared.weightParameter().array()).singletonOrThrow();
    }

    /** Teacher forcing: encoder ids/mask and decoder inputs → logits [B, T, V]. */
    public NDArray forward(NDArray ids, NDArray mask, NDArray decoderIds, boolean training) {
        NDArray enc = encode(ids, mask, training);
        return logits(decode(decoderIds, enc, mask, training), training);
    }

    /** Labels [B, T] (−100 = ignored) → decoder inputs: start token, then the labels shifted right, −100 read as pad. */
    public NDArray shiftRight(NDArray labels) {
        long[] l = labels.toType(DataType.INT64, false).toLongArray();
        long rows = labels.getShape().get(0);
        int cols = (int) labels.getShape().get(1);
        long[] out = new long[l.length];
        for (int r = 0; r < rows; r++) {
            out[r * cols] = config.decoderStartTokenId();
            for (int t = 1; t < cols; t++) {
                long v = l[r * cols + t - 1];
                out[r * cols + t] = v == -100 ? config.padTokenId() : v;
            }
        }
        return labels.getManager().create(out, labels.getShape());
    }
}
