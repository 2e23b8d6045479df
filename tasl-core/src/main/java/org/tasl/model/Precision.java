package org.tasl.model;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * The compute precision of a model's frozen weights (run option {@code precision}). FP32 is
 * the reference. BF16 is mixed precision: frozen weights and the activations computed from them
 * in bfloat16, while LoRA matrices, their gradients, importance scores and optimizer state stay
 * float32, and losses and log-probabilities are taken in float32.
 */
public enum Precision {
    FP32(DataType.FLOAT32),
    BF16(DataType.BFLOAT16);

    private final DataType frozenType;

    Precision(DataType frozenType) {
        this.frozenType = frozenType;
    }

    /** The data type of frozen weights and activations. */
    public DataType frozenType() {
        return frozenType;
    }

    /** The option's spelling: "fp32", "bf16". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "fp32" / "bf16" (any case); a clear error naming the value otherwise. */
    public static Precision parse(String value) {
        for (Precision p : values()) {
            if (p.id().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("precision must be fp32 or bf16, got '" + value + "'");
    }
}
