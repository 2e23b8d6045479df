package org.tasl.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * A training batch already turned into the arrays its loss reads (token ids, masks, target ids),
 * still on the host: the half of {@link LanguageModel#loss(NDManager, java.util.List, boolean)}
 * that needs no device. Splitting it off lets a trainer run the other half from fixed device
 * arrays that it refills for every batch, which is what a replayed CUDA graph needs (its kernels
 * read the same addresses every time).
 */
public interface LossInputs {

    /**
     * The same batch with its sequence length padded up to a multiple of {@code multiple} (never
     * past the model's position limit), so that batches fall into a few shapes; padding changes
     * no loss value (padded positions are masked out of attention and hold no target).
     */
    LossInputs bucketed(int multiple);

    /** Equal keys mean equal shapes and types of every array {@link #toDevice} makes. */
    String shapeKey();

    /** The arrays, in the order {@link LanguageModel#loss(NDManager, NDList, boolean)} reads them. */
    NDList toDevice(NDManager manager);
}
