package org.tasl.cl;

import java.util.Locale;

/**
 * The granularity of skill localization and consolidation (TASL_SPEC §2): what one skill unit
 * is.
 */
public enum Granularity {
    /** TaSL-FT: every named parameter tensor is a unit (LoRA-named tensors included). */
    MATRIX_FULL("matrix-full"),
    /**
     * TaSL-LoRA: every LoRA A and every LoRA B is a unit. Trainable tensors that are not LoRA
     * (e.g. a head trained alongside the adapters) are tensor units.
     */
    MATRIX_LORA("matrix-lora"),
    /**
     * TasLoRA: rank i of a LoRA module (row i of A with column i of B) is a unit. Trainable
     * tensors that are not LoRA are tensor units.
     */
    LORA_RANK("lora-rank");

    private final String label;

    Granularity(String label) {
        this.label = label;
    }

    /** The option value, e.g. {@code lora-rank}. */
    public String label() {
        return label;
    }

    /** Accepts the label or the constant name, any case, '-' or '_'. */
    public static Granularity parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Granularity g : values()) {
            if (g.label.equals(n)) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown granularity '" + name
                + "': expected one of matrix-full, matrix-lora, lora-rank");
    }
}
