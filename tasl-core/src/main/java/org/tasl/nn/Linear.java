package org.tasl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * y = x·Wᵀ + b with PyTorch's layout: {@code weight} [out, in], optional {@code bias} [out].
 * It can carry one {@link LinearAdapter} (LoRA's wrapper installs itself here), so adapters
 * attach without rebuilding the module tree.
 */
public final class Linear extends HfBlock {
    private final int inFeatures;
    private final int outFeatures;
    private final Weight weight;
    private final Weight bias;
    private LinearAdapter adapter;

    public Linear(int inFeatures, int outFeatures, boolean withBias) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = weight("weight", new Shape(outFeatures, inFeatures), Parameter.Type.WEIGHT);
        this.bias = withBias ? weight("bias", new Shape(outFeatures), Parameter.Type.BIAS) : null;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    public Weight weightParameter() {
        return weight;
    }

    /** The bias, or null for a bias-free projection (T5, LLaMA). */
    public Weight biasParameter() {
        return bias;
    }

    public LinearAdapter adapter() {
        return adapter;
    }

    /** Installs (or with null removes) the side path. */
    public void setAdapter(LinearAdapter adapter) {
        this.adapter = adapter;
    }

    /** x [..., in] → [..., out], adapter included. */
    public NDArray forward(NDArray x, boolean training) {
        NDArray y = forwardBase(x);
        return adapter == null ? y : adapter.apply(x, y, training);
    }

    /** The frozen base projection only. */
    public NDArray forwardBase(NDArray x) {
        NDArray w = weight.array();
        // mixed precision: the input follows the weight's type (a no-op when they agree)
        NDArray in = x.getDataType() == w.getDataType() ? x : x.toType(w.getDataType(), false);
        return bias == null
                ? ai.djl.nn.core.Linear.linear(in, w).singletonOrThrow()
                : ai.djl.nn.core.Linear.linear(in, w, bias.array()).singletonOrThrow();
    }

    @Override
    protected NDList forwardList(NDList inputs, boolean training) {
        return new NDList(forward(inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(outFeatures)};
    }
}
