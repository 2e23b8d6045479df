package org.tasl.nn;

import ai.djl.ndarray.NDArray;
import java.util.Locale;

/** The activation functions of Hugging Face configs ({@code hidden_act}, {@code hidden_act}/{@code dense_act_fn}). */
public final class Activations {
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);
    private static final float INV_SQRT_2 = (float) (1.0 / Math.sqrt(2.0));

    private Activations() {}

    /**
     * Applies the activation HF calls {@code name}: "gelu" (exact, erf), "gelu_new" /
     * "gelu_pytorch_tanh" / "gelu_fast" (tanh approximation), "relu", "silu"/"swish".
     */
    public static NDArray apply(String name, NDArray x) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "gelu":
                return geluExact(x);
            case "gelu_new":
            case "gelu_pytorch_tanh":
            case "gelu_fast":
                return geluTanh(x);
            case "relu":
                return x.getNDArrayInternal().relu();
            case "silu":
            case "swish":
                return x.mul(x.getNDArrayInternal().sigmoid());
            default:
                throw new IllegalArgumentException("unsupported activation '" + name
                        + "' (supported: gelu, gelu_new, gelu_pytorch_tanh, gelu_fast, relu, silu)");
        }
    }

    /** Checks a config's activation name early, naming the key. */
    public static void check(String key, String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "relu", "silu", "swish":
                return;
            default:
                throw new IllegalArgumentException("config.json: " + key + " = '" + name
                        + "' is not supported (gelu, gelu_new, gelu_pytorch_tanh, gelu_fast, relu, silu)");
        }
    }

    /** x · Φ(x) = 0.5·x·(1 + erf(x/√2)), what BERT's "gelu" is (PyTorch's native gelu is this exact form). */
    public static NDArray geluExact(NDArray x) {
        return x.getNDArrayInternal().gelu();
    }

    /** The same function written out with erf (the reference the native op is tested against). */
    public static NDArray geluErf(NDArray x) {
        return Scalars.mul(x.mul(Scalars.add(Scalars.mul(x, INV_SQRT_2).erf(), 1f)), 0.5f);
    }

    /** 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
    public static NDArray geluTanh(NDArray x) {
        NDArray inner = Scalars.mul(x.add(Scalars.mul(Scalars.pow(x, 3), 0.044715f)), SQRT_2_OVER_PI);
        return Scalars.mul(x.mul(Scalars.add(inner.tanh(), 1f)), 0.5f);
    }
}
