package org.tasl.model.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental decoding for greedy generation: the cross-attention keys and values of the
 * encoder output are projected once, and each self-attention layer keeps the keys and values
 * of the tokens decoded so far, so a step costs one token instead of the whole prefix. The
 * numbers equal a full teacher-forced decoder pass (the parity tests check greedy ids).
 *
 * <p>Cached arrays belong to the encoder output's manager; per-step temporaries to the step
 * ids' manager.
 */
final class T5DecoderCache {
    private final T5Transformer model;
    private final NDManager owner;
    private final NDArray crossBias;
    private final List<NDArray> crossKeys = new ArrayList<>();
    private final List<NDArray> crossValues = new ArrayList<>();
    private final NDArray[] selfKeys;
    private final NDArray[] selfValues;
    private int position;

    T5DecoderCache(T5Transformer model, NDArray encoderStates, NDArray encoderMask) {
        this.model = model;
        this.owner = encoderStates.getManager();
        this.crossBias = T5Stack.paddingBias(encoderMask, owner);
        for (T5Block block : model.decoder.blocks.items()) {
            T5Attention a = block.crossAttention.attention;
            crossKeys.add(a.split(a.k.forward(encoderStates, false)));
            crossValues.add(a.split(a.v.forward(encoderStates, false)));
        }
        int layers = model.decoder.blocks.size();
        selfKeys = new NDArray[layers];
        selfValues = new NDArray[layers];
    }

    /** Feeds one token per row ([B, 1] int64) and returns the decoder's normed output for it [B, 1, d_model]. */
    NDArray step(NDArray tokenIds) {
        NDManager scope = tokenIds.getManager();
        NDArray x = model.shared.forward(tokenIds);
        T5Attention first = model.decoder.blocks.get(0).selfAttention.attention;
        // one query at `position`, keys 0..position: nothing in the future to mask
        NDArray selfBias = first.positionBias(scope, 1, position + 1, position);
        List<T5Block> blocks = model.decoder.blocks.items();
        for (int i = 0; i < blocks.size(); i++) {
            T5Block block = blocks.get(i);
            T5Block.SelfAttentionLayer sa = block.selfAttention;
            NDArray normed = sa.layerNorm.forward(x);
            T5Attention a = sa.attention;
            selfKeys[i] = grow(selfKeys[i], a.split(a.k.forward(normed, false)));
            selfValues[i] = grow(selfValues[i], a.split(a.v.forward(normed, false)));
            x = x.add(a.attend(a.split(a.q.forward(normed, false)), selfKeys[i], selfValues[i], selfBias, false));

            T5Block.CrossAttentionLayer ca = block.crossAttention;
            NDArray normedCross = ca.layerNorm.forward(x);
            T5Attention c = ca.attention;
            x = x.add(c.attend(c.split(c.q.forward(normedCross, false)), crossKeys.get(i), crossValues.get(i), crossBias,
                    false));

            x = block.feedForward.forward(x, false);
        }
        position++;
        return model.decoder.finalLayerNorm.forward(x);
    }

    /** Appends this step's keys or values [B, H, 1, d_kv] to the cache, which stays owned by the encoder's manager. */
    private NDArray grow(NDArray cached, NDArray fresh) {
        NDArray grown = cached == null ? fresh : cached.concat(fresh, 2);
        grown.attach(owner);
        if (cached != null) {
            cached.close();
        }
        return grown;
    }
}
