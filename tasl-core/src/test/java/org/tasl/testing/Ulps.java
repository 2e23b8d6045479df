package org.tasl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.DoubleUnaryOperator;

/** Element-wise float comparison: bit for bit, or within a tolerance. */
public final class Ulps {
    private Ulps() {}

    /** Fails unless every element of {@code actual} equals {@code expected}'s bit for bit (tolerance 0) or within it. */
    public static void assertWithin(float[] expected, float[] actual, double tolerance, String message) {
        assertElements(expected, actual, e -> tolerance, message);
    }

    /**
     * Fails unless every weight the multi-tensor AdamW left after {@code steps} steps at learning
     * rate {@code lr} on {@code device} is the per-tensor ops' weight: bit for bit on the CPU (the
     * same ops in a loop); on a GPU torch's multi_tensor_apply kernels round the update
     * lr·m̂/(√v̂+ε) (at most lr in size) differently in its last place, and w − update can then round
     * to the neighbouring float of w (measured on the H200: 1 ulp of w after one step), so within
     * steps × (1 ulp of w + 4 ulps of lr).
     */
    public static void assertAdamW(float[] expected, float[] actual, String device, float lr, int steps, String message) {
        boolean gpu = device.startsWith("gpu") || device.startsWith("cuda");
        assertElements(expected, actual, e -> gpu ? steps * (Math.ulp((float) e) + 4.0 * Math.ulp(lr)) : 0, message);
    }

    private static void assertElements(float[] expected, float[] actual, DoubleUnaryOperator tolerance, String message) {
        assertEquals(expected.length, actual.length, message + ": length");
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (Float.floatToIntBits(e) == Float.floatToIntBits(a)) {
                continue;
            }
            double allowed = tolerance.applyAsDouble(e);
            if (!(Math.abs(e - a) <= allowed)) {
                throw new AssertionError(message + ": element " + i + " is " + a + ", expected " + e
                        + (allowed == 0 ? " bit for bit" : " within " + allowed));
            }
        }
    }
}
