package org.tasl.cl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.tasl.nn.Scalars;

/**
 * The TasLoRA orthogonality term (TASL_SPEC §6), added to the task loss:
 *
 * <pre>
 *   λ · mean over LoRA tensors P of ‖G(P) − I_r‖_F,   G(A) = A·Aᵀ,  G(B) = Bᵀ·B,   λ = 0.1
 * </pre>
 *
 * It keeps the rank components of each adapter orthonormal, so that rank units stay separable
 * skills. Frobenius norm, not squared. Differentiable: call it inside the gradient collector.
 */
public final class OrthogonalityRegularizer {

    public static final double DEFAULT_LAMBDA = 0.1;

    private final double lambda;

    /** λ = 0.1. */
    public OrthogonalityRegularizer() {
        this(DEFAULT_LAMBDA);
    }

    public OrthogonalityRegularizer(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("orthogonality lambda must be a non-negative number, got " + lambda);
        }
        this.lambda = lambda;
    }

    public double lambda() {
        return lambda;
    }

    /**
     * The weighted term (a scalar in {@code scope}) over the LoRA tensors among
     * {@code trainable}; other tensors are ignored; 0 when there is no LoRA tensor. Intermediate
     * arrays are closed at once (autograd keeps what backward needs).
     */
    public NDArray penalty(NDManager scope, Map<String, NDArray> trainable) {
        try (NDScope ignored = new NDScope()) {
            ignored.suppressNotUsedWarning();
            NDList norms = new NDList();
            for (Map.Entry<String, NDArray> e : trainable.entrySet()) {
                LoraTensorName lora = LoraTensorName.parse(e.getKey());
                if (lora == null) {
                    continue;
                }
                NDArray p = e.getValue();
                NDArray gram = lora.matrix() == 'A' ? p.matMul(p.transpose()) : p.transpose().matMul(p);
                int r = (int) gram.getShape().get(0);
                NDArray eye = p.getManager().eye(r, r, 0, p.getDataType(), p.getDevice());
                norms.add(gram.sub(eye).norm().reshape(1));
            }
            NDArray result = norms.isEmpty()
                    ? scope.zeros(new Shape())
                    : Scalars.mul(NDArrays.concat(norms).mean(), (float) lambda);
            NDScope.unregister(result);
            result.attach(scope);
            return result;
        }
    }
}
