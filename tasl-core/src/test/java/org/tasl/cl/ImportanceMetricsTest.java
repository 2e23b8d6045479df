package org.tasl.cl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TASL_SPEC §3.2: the instantaneous element scores. */
class ImportanceMetricsTest {

    private NDManager manager;
    private NDArray w;
    private NDArray g;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
        // w ⊙ g = [2·0.5, −1·3, 0.5·(−4)] = [1, −3, −2]
        w = manager.create(new float[] {2f, -1f, 0.5f});
        g = manager.create(new float[] {0.5f, 3f, -4f});
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void firstOrderIsTheAbsoluteProduct() {
        assertArrayEquals(new float[] {1f, 3f, 2f}, ImportanceMetrics.FIRST_ORDER.score(w, g).toFloatArray(), 1e-6f);
    }

    @Test
    void mixSubtractsHalfTheSquaredProduct() {
        // |wg − ½(wg)²| = |1 − 0.5|, |−3 − 4.5|, |−2 − 2| = 0.5, 7.5, 4
        assertArrayEquals(new float[] {0.5f, 7.5f, 4f}, ImportanceMetrics.MIX.score(w, g).toFloatArray(), 1e-6f);
    }

    @Test
    void secondOrderIsTheSquaredProduct() {
        assertArrayEquals(new float[] {1f, 9f, 4f}, ImportanceMetrics.SECOND_ORDER.score(w, g).toFloatArray(), 1e-6f);
    }

    @Test
    void metricsAreFoundByName() {
        assertSame(ImportanceMetrics.FIRST_ORDER, ImportanceMetrics.named("first-order"));
        assertSame(ImportanceMetrics.MIX, ImportanceMetrics.named("MIX"));
        assertSame(ImportanceMetrics.SECOND_ORDER, ImportanceMetrics.named("second_order"));
        assertThrows(IllegalArgumentException.class, () -> ImportanceMetrics.named("third-order"));
    }
}
