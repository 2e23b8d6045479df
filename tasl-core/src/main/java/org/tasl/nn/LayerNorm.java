package org.tasl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/** Layer normalisation over the last axis with HF names {@code weight} (γ) and {@code bias} (β). */
public final class LayerNorm extends HfBlock {
    private final int dim;
    private final float eps;
    private final Weight gamma;
    private final Weight beta;

    public LayerNorm(int dim, float eps) {
        this.dim = dim;
        this.eps = eps;
        this.gamma = weight("weight", new Shape(dim), Parameter.Type.GAMMA);
        this.beta = weight("bias", new Shape(dim), Parameter.Type.BETA);
    }

    public NDArray forward(NDArray x) {
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, new Shape(dim), gamma.array(), beta.array(), eps)
                .singletonOrThrow();
    }

    public Weight gamma() {
        return gamma;
    }

    public Weight beta() {
        return beta;
    }

    @Override
    protected NDList forwardList(NDList inputs, boolean training) {
        return new NDList(forward(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
