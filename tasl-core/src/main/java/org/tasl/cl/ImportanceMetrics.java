package org.tasl.cl;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Locale;
import org.tasl.nn.Scalars;

/** The built-in instantaneous element scores of TASL_SPEC §3.2 (w = parameter, g = gradient). */
public final class ImportanceMetrics {

    /** First order: s = |w ⊙ g| (TaSL). */
    public static final ImportanceMetric FIRST_ORDER = (w, g) -> w.mul(g).abs();

    /**
     * Second-order mix, the Fisher approximation of the Hessian term (TasLoRA default):
     * s = |w⊙g − ½(w⊙g)²|.
     */
    public static final ImportanceMetric MIX = (w, g) -> {
        NDArray wg = w.mul(g);
        return Scalars.muli(wg.mul(wg), -0.5f).addi(wg).abs();
    };

    /** Second order only: s = (w⊙g)². */
    public static final ImportanceMetric SECOND_ORDER = (w, g) -> w.mul(g).square();

    private static final List<String> NAMES = List.of("first-order", "mix", "second-order");

    private ImportanceMetrics() {
    }

    /** The option values {@link #named} accepts. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * {@code first-order} (or {@code first}), {@code mix} (or {@code second-order-mix}),
     * {@code second-order} (or {@code second}); any case, '-' or '_'.
     */
    public static ImportanceMetric named(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (n) {
            case "first-order":
            case "first":
                return FIRST_ORDER;
            case "mix":
            case "second-order-mix":
                return MIX;
            case "second-order":
            case "second":
                return SECOND_ORDER;
            default:
                throw new IllegalArgumentException("unknown importance metric '" + name
                        + "': expected one of " + String.join(", ", NAMES));
        }
    }
}
