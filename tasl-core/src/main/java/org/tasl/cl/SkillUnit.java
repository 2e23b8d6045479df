package org.tasl.cl;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One skill unit (TASL_SPEC §2): the smallest piece of the model whose importance is scored and
 * which is consolidated as a whole.
 *
 * @param name stable, human-readable name; scores of different tasks pair by it. A tensor unit
 *     is the parameter name; a LoRA matrix unit {@code <module path>#A} / {@code #B}; a rank
 *     unit {@code <module path>#rank<i>}
 * @param layer transformer layer index parsed from {@code .layer.N.}, {@code .block.N.} or
 *     {@code .layers.N.}; −1 for embeddings, heads and anything outside the layer stack
 * @param module the path after the layer index (e.g. {@code attention.self.query}); the whole
 *     path when there is no layer index
 * @param kind what the unit covers
 * @param rank the rank index of a {@link Kind#RANK} unit, else −1
 * @param tensors the tensor names the unit covers: for TENSOR the parameter's names (more than
 *     one when tied; the first is the one scored), for A or B the one LoRA matrix, for RANK the
 *     A then the B matrix of the module
 */
public record SkillUnit(String name, int layer, String module, Kind kind, int rank, List<String> tensors) {

    /** What a skill unit covers. */
    public enum Kind {
        /** A whole parameter tensor (full fine-tuning, or a non-LoRA trainable tensor). */
        TENSOR,
        /** A whole LoRA A matrix [r, d_in]. */
        A,
        /** A whole LoRA B matrix [d_out, r]. */
        B,
        /** Row {@code rank} of A together with column {@code rank} of B. */
        RANK;

        /** The label in units.csv and events: tensor, A, B, rank. */
        public String label() {
            return this == A || this == B ? name() : name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern LAYER = Pattern.compile("(?:^|\\.)(?:layer|block|layers)\\.(\\d+)\\.");

    public SkillUnit {
        tensors = List.copyOf(tensors);
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("skill unit " + name + " covers no tensor");
        }
        if ((kind == Kind.RANK) != (rank >= 0)) {
            throw new IllegalArgumentException("skill unit " + name + ": rank " + rank + " does not fit kind " + kind);
        }
        if (kind == Kind.RANK && tensors.size() != 2) {
            throw new IllegalArgumentException("rank unit " + name + " must cover an A and a B tensor, got " + tensors);
        }
    }

    /** The tensor a TENSOR/A/B unit covers (the first name when tied); the A tensor of a RANK unit. */
    public String tensor() {
        return tensors.get(0);
    }

    /** The B tensor of a RANK unit. */
    public String bTensor() {
        if (kind != Kind.RANK) {
            throw new IllegalStateException(name + " is not a rank unit");
        }
        return tensors.get(1);
    }

    /** Layer index of a path: the first {@code .layer.N.}, {@code .block.N.} or {@code .layers.N.}; else −1. */
    public static int layerOf(String path) {
        Matcher m = LAYER.matcher(path);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The part of a path after its first layer index; the whole path when it has none. */
    public static String moduleOf(String path) {
        Matcher m = LAYER.matcher(path);
        return m.find() ? path.substring(m.end()) : path;
    }
}
