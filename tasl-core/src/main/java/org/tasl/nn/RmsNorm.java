package org.tasl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;

/**
 * Root-mean-square normalisation (LLaMA's RMSNorm, T5's LayerNorm): x / √(mean(x²) + ε) · w,
 * no centring and no bias. Computed in float32 like the reference implementations.
 */
public final class RmsNorm extends HfBlock {
    private final float eps;
    private final Weight weight;

    public RmsNorm(int dim, float eps) {
        this.eps = eps;
        this.weight = weight("weight", new Shape(dim), Parameter.Type.GAMMA);
    }

    public NDArray forward(NDArray x) {
        NDArray x32 = x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
        NDArray meanSquare = x32.square().mean(new int[] {-1}, true);
        return x32.div(Scalars.add(meanSquare, eps).sqrt()).mul(weight.array());
    }

    public Weight weightParameter() {
        return weight;
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
