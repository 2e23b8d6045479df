package org.tasl.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TASL_SPEC §7, EWC: λ/2·Σ F·(θ − θ*)² with the diagonal Fisher from squared gradients. */
class EwcPenaltyTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private Map<String, NDArray> w(float... v) {
        return Map.of("w", manager.create(v));
    }

    @Test
    void fisherIsTheMeanSquaredGradientAndAccumulatesOverTasks() {
        try (EwcPenalty ewc = new EwcPenalty(manager, 2)) {
            assertEquals(0.0, ewc.penalty(manager, w(5, 5)).getFloat(), 0); // no task closed yet
            // task 0: steps with g = [1, 2] and [3, 0]; a NaN step is ignored
            assertTrue(ewc.accumulate(w(1, 2)));
            assertFalse(ewc.accumulate(w(Float.NaN, 0)));
            assertTrue(ewc.accumulate(w(3, 0)));
            ewc.endTask(w(1, 1)); // F = ([1,4] + [9,0])/2 = [5, 2], θ* = [1, 1]
            assertArrayEquals(new float[] {5, 2}, ewc.fisher().get("w").toFloatArray(), 1e-6f);

            // at θ = [2, 0]: λ/2·(5·1² + 2·(−1)²) = 1·7 = 7; gradient λ·F·(θ − θ*) = 2·[5, 2]·[1, −1]
            NDArray theta = manager.create(new float[] {2, 0});
            theta.setRequiresGradient(true);
            try (NDManager step = manager.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = ewc.penalty(step, Map.of("w", theta));
                assertEquals(7.0, loss.getFloat(), 1e-5);
                gc.backward(loss);
            }
            assertArrayEquals(new float[] {10, -4}, theta.getGradient().toFloatArray(), 1e-5f);

            // task 1: one step g = [1, 1] → F = [5, 2] + [1, 1] = [6, 3]; θ* = [0, 0]
            ewc.accumulate(w(1, 1));
            ewc.endTask(w(0, 0));
            assertEquals(2, ewc.tasks());
            // at θ = [1, 2]: 1·(6·1 + 3·4) = 18
            assertEquals(18.0, ewc.penalty(manager, w(1, 2)).getFloat(), 1e-5);

            // a resumed run restores the saved state and gets the same penalty
            try (EwcPenalty resumed = new EwcPenalty(manager, 2)) {
                resumed.restore(ewc.fisher(), ewc.anchor(), ewc.tasks());
                assertEquals(2, resumed.tasks());
                assertEquals(18.0, resumed.penalty(manager, w(1, 2)).getFloat(), 1e-5);
            }
        }
    }
}
