package org.tasl.cl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tasl.nn.Scalars;

/**
 * The O-LoRA loss terms (Wang et al., 2023; TASL_SPEC §7), added to the task loss while task k
 * trains its own adapter (A_k, B_k) and the adapters of earlier tasks stay frozen:
 *
 * <pre>
 *   λ1 · Σ_{j&lt;k} Σ |A_j · A_kᵀ|   +   λ2 · ‖(A_k, B_k)‖₂,      λ1 = 0.5, λ2 = 0
 * </pre>
 *
 * The first term pushes the new adapter's row space orthogonal to the old ones' (summed over
 * modules, absolute entries). The second, as in the reference code, is the sum over the current
 * adapter's A and B tensors of their L2 (Frobenius) norms. Previous adapters may be separate
 * adapters or one concatenated along the rank: both give the same sum.
 */
public final class OLoraRegularizer {

    public static final double DEFAULT_LAMBDA1 = 0.5;
    public static final double DEFAULT_LAMBDA2 = 0.0;

    private final double lambda1;
    private final double lambda2;

    /** λ1 = 0.5, λ2 = 0. */
    public OLoraRegularizer() {
        this(DEFAULT_LAMBDA1, DEFAULT_LAMBDA2);
    }

    public OLoraRegularizer(double lambda1, double lambda2) {
        if (!(lambda1 >= 0) || !(lambda2 >= 0) || Double.isInfinite(lambda1) || Double.isInfinite(lambda2)) {
            throw new IllegalArgumentException("O-LoRA lambdas must be non-negative numbers, got " + lambda1 + ", " + lambda2);
        }
        this.lambda1 = lambda1;
        this.lambda2 = lambda2;
    }

    /**
     * The weighted terms, a scalar in {@code scope}.
     *
     * @param tensors every LoRA tensor of the model, the frozen earlier adapters included (others
     *     are ignored)
     * @param currentAdapter the adapter name of task k (the {@code <adapter>} segment of its
     *     tensor names); every other adapter of the same module counts as an earlier one
     */
    public NDArray penalty(NDManager scope, Map<String, NDArray> tensors, String currentAdapter) {
        try (NDScope ignored = new NDScope()) {
            ignored.suppressNotUsedWarning();
            List<NDArray> terms = new ArrayList<>();
            boolean any = false;
            for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
                LoraTensorName lora = LoraTensorName.parse(e.getKey());
                if (lora == null || !Objects.equals(lora.adapter(), currentAdapter)) {
                    continue;
                }
                any = true;
                NDArray current = e.getValue();
                if (lambda2 > 0) {
                    terms.add(Scalars.mul(current.norm(), (float) lambda2));
                }
                if (lora.matrix() != 'A' || lambda1 == 0) {
                    continue;
                }
                for (Map.Entry<String, NDArray> o : tensors.entrySet()) {
                    LoraTensorName other = LoraTensorName.parse(o.getKey());
                    if (other != null && other.matrix() == 'A' && other.module().equals(lora.module())
                            && !Objects.equals(other.adapter(), currentAdapter)) {
                        terms.add(Scalars.mul(o.getValue().matMul(current.transpose()).abs().sum(), (float) lambda1));
                    }
                }
            }
            if (!any) {
                throw new IllegalArgumentException("no LoRA tensor of adapter '" + currentAdapter + "' among " + tensors.size()
                        + " tensors (expected names like <module>.lora_A." + currentAdapter + ".weight)");
            }
            NDArray result = terms.isEmpty() ? scope.zeros(new Shape()) : terms.get(0);
            for (NDArray t : terms.subList(Math.min(1, terms.size()), terms.size())) {
                result = result.add(t);
            }
            NDScope.unregister(result);
            result.attach(scope);
            return result;
        }
    }
}
