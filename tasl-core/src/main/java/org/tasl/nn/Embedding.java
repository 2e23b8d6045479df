package org.tasl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;

/** A lookup table {@code weight} [num, dim]: ids (any integer shape) → [..., dim]. */
public final class Embedding extends HfBlock {
    private final int num;
    private final int dim;
    private final Weight weight;

    public Embedding(int num, int dim) {
        this.num = num;
        this.dim = dim;
        this.weight = weight("weight", new Shape(num, dim), Parameter.Type.WEIGHT);
    }

    public int size() {
        return num;
    }

    public int dim() {
        return dim;
    }

    public Weight weightParameter() {
        return weight;
    }

    public NDArray forward(NDArray ids) {
        NDArray idx = ids.getDataType() == DataType.INT64 ? ids : ids.toType(DataType.INT64, false);
        return ai.djl.nn.core.Embedding.embedding(idx, weight.array(), SparseFormat.DENSE).singletonOrThrow();
    }

    @Override
    protected NDList forwardList(NDList inputs, boolean training) {
        return new NDList(forward(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(dim)};
    }
}
