package org.tasl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.tasl.testing.FreedJavaMemory;

/**
 * Each op by a number on x = [1, 2, 4], its gradient taken after a garbage collection between
 * forward and backward (the number's tensor, kept for backward, must still hold the number).
 */
class ScalarsTest {

    private static float[] gradientOfSum(UnaryOperator<NDArray> f, float[] at) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(at);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(x).sum();
                FreedJavaMemory.release();
                gc.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }

    @Test
    void mulByThreeHasGradientThree() {
        assertArrayEquals(new float[] {3, 3, 3}, gradientOfSum(x -> Scalars.mul(x, 3f), new float[] {1, 2, 4}), 0f);
    }

    @Test
    void divByFourHasGradientOneQuarter() {
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f},
                gradientOfSum(x -> Scalars.div(x, 4f), new float[] {1, 2, 4}), 0f);
    }

    @Test
    void squareHasGradientTwoX() {
        assertArrayEquals(new float[] {2, 4, 8}, gradientOfSum(x -> Scalars.pow(x, 2f), new float[] {1, 2, 4}), 1e-6f);
    }

    @Test
    void maximumPassesTheGradientWhereXIsLarger() {
        // max(x, 1.5) on [1, 2, 4]: the first element is the constant
        assertArrayEquals(new float[] {0, 1, 1},
                gradientOfSum(x -> Scalars.maximum(x, 1.5f), new float[] {1, 2, 4}), 0f);
    }

    @Test
    void geluWrittenWithErfHasTheNativeGeluGradient() {
        float[] at = {-1.5f, -0.25f, 0.5f, 2f};
        assertArrayEquals(gradientOfSum(Activations::geluExact, at), gradientOfSum(Activations::geluErf, at), 1e-5f);
    }
}
