package org.tasl.train;

/**
 * Linear warm-up to the peak rate, then linear decay to zero at the last step (TASL_SPEC §10),
 * or a constant rate (O-LoRA's published setting). Steps count from 0.
 */
public final class LearningRateSchedule {
    private final float peak;
    private final int warmup;
    private final int total;
    private final boolean constant;

    public LearningRateSchedule(float peak, int warmup, int total, boolean constant) {
        if (total <= 0) {
            throw new IllegalArgumentException("a task needs at least one optimizer step, got " + total);
        }
        this.peak = peak;
        this.warmup = Math.max(0, warmup);
        this.total = total;
        this.constant = constant;
    }

    /**
     * The warm-up of a task of {@code totalSteps} optimizer steps: {@code explicitSteps} when it
     * is ≥ 0 (see {@link #effectiveWarmup}), else {@code ratio} of the steps, rounded (a fixed
     * count would be most of a short task: 50 steps are 79 % of a 63-step task).
     */
    public static int warmupSteps(int explicitSteps, double ratio, int totalSteps) {
        if (explicitSteps >= 0) {
            return effectiveWarmup(explicitSteps, totalSteps);
        }
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("warmup_ratio must be in [0, 1], got " + ratio);
        }
        return (int) Math.round(ratio * totalSteps);
    }

    /** Warm-up as configured; when it would cover the whole task, a tenth of the steps instead. */
    public static int effectiveWarmup(int configured, int totalSteps) {
        return configured < totalSteps ? configured : Math.max(1, totalSteps / 10);
    }

    public float rate(int step) {
        if (constant) {
            return peak;
        }
        if (step < warmup) {
            return peak * (step + 1) / (float) warmup;
        }
        int decaySteps = Math.max(1, total - warmup);
        return peak * Math.max(0f, (total - step) / (float) decaySteps);
    }

    public int warmup() {
        return warmup;
    }
}
