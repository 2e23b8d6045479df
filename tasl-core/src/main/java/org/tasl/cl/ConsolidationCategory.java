package org.tasl.cl;

import java.util.Locale;

/** What consolidation decided for one unit; the {@code category} column of units.csv. */
public enum ConsolidationCategory {
    /** First task: θ̂_0 = θ_0, nothing to consolidate. */
    INITIAL,
    /** Static: important to previous tasks and to the current one (0.7·θ̂_{k−1} + 0.3·θ_k). */
    BOTH,
    /** Static: important to previous tasks only — a task-specific old skill, preserved. */
    PREVIOUS,
    /** Static: important to the current task only — a new skill, taken. */
    CURRENT,
    /** Static: important to neither — task-shared, averaged. */
    NEITHER,
    /** Adaptive soft mask: w_cur = σ((c − p)/τ). */
    ADAPTIVE,
    /** A method without consolidation: θ̂_k = θ_k. */
    NONE;

    /** Lower-case label as written in units.csv and events. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConsolidationCategory parse(String label) {
        try {
            return valueOf(label.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown consolidation category '" + label
                    + "': expected initial, both, previous, current, neither, adaptive or none");
        }
    }
}
