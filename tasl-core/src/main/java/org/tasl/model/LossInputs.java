package org.tasl.model;

import ai.djl.ndarray.NDArray;
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

    /** The arrays on {@code manager}'s device, in the order {@link #loss} reads them. */
    NDList toDevice(NDManager manager);

    /**
     * The device half: the model's loss from {@code onDevice} (this batch's {@link #toDevice}, or
     * arrays of the same shapes refilled with another batch's). Every array it creates comes from
     * device computation (no host data), so that a CUDA graph can capture it.
     */
    NDArray loss(NDManager scope, NDList onDevice, boolean training);
}
