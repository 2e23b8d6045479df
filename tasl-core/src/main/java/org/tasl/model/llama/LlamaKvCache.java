package org.tasl.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The keys and values (after RoPE, before the grouped-query repeat) of every token seen so far,
 * per layer, so greedy decoding feeds one new token per step. Owned by one manager, which
 * outlives the per-step scopes.
 */
final class LlamaKvCache {
    private final NDManager owner;
    private final NDArray[] keys;
    private final NDArray[] values;

    LlamaKvCache(NDManager owner, int layers) {
        this.owner = owner;
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Number of positions cached (0 before the prompt). */
    long length() {
        return keys[0] == null ? 0 : keys[0].getShape().get(2);
    }

    /** Appends [B, kvHeads, T, headDim] keys and values of {@code layer}; returns everything cached for it. */
    NDArray[] append(int layer, NDArray k, NDArray v) {
        keys[layer] = grow(keys[layer], k);
        values[layer] = grow(values[layer], v);
        return new NDArray[] {keys[layer], values[layer]};
    }

    private NDArray grow(NDArray cached, NDArray fresh) {
        NDArray grown = cached == null ? fresh : cached.concat(fresh, 2);
        grown.attach(owner);
        if (cached != null) {
            cached.close();
        }
        return grown;
    }
}
