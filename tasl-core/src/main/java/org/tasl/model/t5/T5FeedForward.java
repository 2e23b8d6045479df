package org.tasl.model.t5;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import java.nio.file.Path;
import java.util.Set;
import org.tasl.nn.HfBlock;
import org.tasl.nn.Linear;
import org.tasl.nn.Scalars;

/**
 * T5's position-wise feed-forward ({@code DenseReluDense}): the original T5 computes
 * {@code wo(act(wi(x)))} with ReLU; T5 v1.1 / Flan-T5 gate it, {@code wo(act(wi_0(x)) · wi_1(x))}
 * with GELU's tanh approximation ({@code gelu_new}). No biases.
 */
public final class T5FeedForward extends HfBlock {
    private static final Set<String> ACTIVATIONS =
            Set.of("relu", "gelu_new", "gelu_pytorch_tanh", "gelu", "silu", "swish");
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

    private final boolean gated;
    private final String activation;
    private final float dropout;
    private final Linear wi;
    private final Linear wi0;
    private final Linear wi1;
    private final Linear wo;

    T5FeedForward(T5Config c) {
        this.gated = c.gatedFeedForward();
        this.activation = c.denseActivation();
        this.dropout = c.dropoutRate();
        if (gated) {
            wi = null;
            wi0 = module("wi_0", new Linear(c.dModel(), c.dFf(), false));
            wi1 = module("wi_1", new Linear(c.dModel(), c.dFf(), false));
        } else {
            wi = module("wi", new Linear(c.dModel(), c.dFf(), false));
            wi0 = null;
            wi1 = null;
        }
        wo = module("wo", new Linear(c.dFf(), c.dModel(), false));
    }

    static void checkActivation(Path configFile, String act) {
        if (!ACTIVATIONS.contains(act)) {
            throw new IllegalArgumentException(configFile + ": feed-forward activation '" + act
                    + "' is not supported (expected one of " + ACTIVATIONS + ")");
        }
    }

    NDArray forward(NDArray x, boolean training) {
        NDArray hidden = gated
                ? activate(wi0.forward(x, training)).mul(wi1.forward(x, training))
                : activate(wi.forward(x, training));
        if (training && dropout > 0f) {
            hidden = Dropout.dropout(hidden, dropout, true).singletonOrThrow();
        }
        return wo.forward(hidden, training);
    }

    private NDArray activate(NDArray x) {
        switch (activation) {
            case "relu":
                return Activation.relu(x);
            case "gelu":
                return Scalars.mul(x.mul(Scalars.div(x, (float) Math.sqrt(2.0)).erf().add(1f)), 0.5f);
            case "silu":
            case "swish":
                return x.mul(Activation.sigmoid(x));
            default: // gelu_new, gelu_pytorch_tanh: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
                NDArray inner = Scalars.mul(Scalars.mul(Scalars.pow(x, 3f), 0.044715f).add(x), SQRT_2_OVER_PI);
                return Scalars.mul(inner.tanh().add(1f).mul(x), 0.5f);
        }
    }
}
