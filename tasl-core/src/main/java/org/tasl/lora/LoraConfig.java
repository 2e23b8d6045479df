package org.tasl.lora;

import java.util.List;
import java.util.Objects;

/**
 * The options of one LoRA adapter, named and defaulted as in PEFT's {@code LoraConfig}.
 * Immutable; {@code with…} methods return a changed copy.
 *
 * <p>Target modules: an empty list means the architecture's default (query and value
 * projections: BERT {@code query,value}, T5 {@code q,v}, LLaMA {@code q_proj,v_proj});
 * {@link #allAttentionProjections()} means every attention projection (BERT query, key, value
 * and attention.output.dense); otherwise module names are matched like PEFT does: a module
 * whose path equals a name or ends with "." + name.
 */
public final class LoraConfig {
    /** PEFT's default rank. */
    public static final int DEFAULT_R = 8;
    /** PEFT examples' usual alpha (scaling α/r = 2). */
    public static final float DEFAULT_ALPHA = 16f;
    public static final float DEFAULT_DROPOUT = 0.05f;

    /** Rank r of the update B·A. */
    private final int r;
    /** α: the update is scaled by α/r. */
    private final float alpha;
    /** Dropout on the adapter's input during training (PEFT's lora_dropout). */
    private final float dropout;
    /** Module names to wrap; empty = the architecture's default (q and v). */
    private final List<String> targetModules;
    /** Wrap every attention projection instead of {@link #targetModules}. */
    private final boolean allAttention;
    /** Seed of A's Kaiming-uniform initialisation (B starts at zero). */
    private final long seed;

    private LoraConfig(int r, float alpha, float dropout, List<String> targetModules, boolean allAttention,
            long seed) {
        if (r <= 0) {
            throw new IllegalArgumentException("LoRA rank r must be positive, got " + r);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + dropout);
        }
        this.r = r;
        this.alpha = alpha;
        this.dropout = dropout;
        this.targetModules = List.copyOf(targetModules);
        this.allAttention = allAttention;
        this.seed = seed;
    }

    /** r=8, α=16, dropout 0.05, the architecture's q/v targets. */
    public static LoraConfig defaults() {
        return new LoraConfig(DEFAULT_R, DEFAULT_ALPHA, DEFAULT_DROPOUT, List.of(), false, 42L);
    }

    public LoraConfig withR(int newR) {
        return new LoraConfig(newR, alpha, dropout, targetModules, allAttention, seed);
    }

    public LoraConfig withAlpha(float newAlpha) {
        return new LoraConfig(r, newAlpha, dropout, targetModules, allAttention, seed);
    }

    public LoraConfig withDropout(float newDropout) {
        return new LoraConfig(r, alpha, newDropout, targetModules, allAttention, seed);
    }

    public LoraConfig withTargetModules(List<String> modules) {
        return new LoraConfig(r, alpha, dropout, Objects.requireNonNull(modules), false, seed);
    }

    /** Every attention projection of the architecture. */
    public LoraConfig withAllAttentionProjections() {
        return new LoraConfig(r, alpha, dropout, List.of(), true, seed);
    }

    public LoraConfig withSeed(long newSeed) {
        return new LoraConfig(r, alpha, dropout, targetModules, allAttention, newSeed);
    }

    public int r() {
        return r;
    }

    public float alpha() {
        return alpha;
    }

    public float dropout() {
        return dropout;
    }

    /** The explicit target names (empty when the architecture default or all-attention applies). */
    public List<String> targetModules() {
        return targetModules;
    }

    public boolean allAttentionProjections() {
        return allAttention;
    }

    public long seed() {
        return seed;
    }

    /** α / r, the factor of the low-rank update. */
    public float scaling() {
        return alpha / r;
    }

    @Override
    public String toString() {
        return "LoraConfig{r=" + r + ", alpha=" + alpha + ", dropout=" + dropout + ", targets="
                + (allAttention ? "all-attention" : targetModules.isEmpty() ? "default(q,v)" : targetModules)
                + ", seed=" + seed + "}";
    }
}
