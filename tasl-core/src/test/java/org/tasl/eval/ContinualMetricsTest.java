package org.tasl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContinualMetricsTest {
    // a[j][i]: score on task i after training task j
    private static final double[][] A = {
        {80, 10, 20},
        {60, 70, 30},
        {50, 65, 90},
    };
    private static final double[] B = {5, 15, 25};

    @Test
    void apIsTheMeanOfTheLastRow() {
        assertEquals((50 + 65 + 90) / 3.0, ContinualMetrics.ap(A), 1e-12);
    }

    @Test
    void bwtComparesTheLastRowWithTheDiagonal() {
        // ((50 − 80) + (65 − 70)) / 2
        assertEquals(-17.5, ContinualMetrics.bwt(A), 1e-12);
    }

    @Test
    void fwtComparesTheScoreBeforeTrainingWithTheBackbone() {
        // ((a[0][1] − b1) + (a[1][2] − b2)) / 2 = ((10 − 15) + (30 − 25)) / 2
        assertEquals(0.0, ContinualMetrics.fwt(A, B), 1e-12);
        assertEquals(((10 - 1) + (30 - 2)) / 2.0, ContinualMetrics.fwt(A, new double[] {0, 1, 2}), 1e-12);
    }

    @Test
    void fwtRawLeavesTheBaselineOut() {
        assertEquals((10 + 30) / 2.0, ContinualMetrics.fwtRaw(A), 1e-12);
    }

    @Test
    void oneTaskHasNoTransfer() {
        ContinualMetrics m = ContinualMetrics.of(new double[][] {{42}}, new double[] {7});
        assertEquals(42.0, m.ap());
        assertTrue(Double.isNaN(m.bwt()));
        assertTrue(Double.isNaN(m.fwt()));
        assertTrue(Double.isNaN(m.fwtRaw()));
    }

    @Test
    void noBaselineNoFwtButFwtRaw() {
        ContinualMetrics m = ContinualMetrics.of(A, null);
        assertTrue(Double.isNaN(m.fwt()));
        assertEquals(20.0, m.fwtRaw(), 1e-12);
    }

    @Test
    void accuracyMatrixStartsNaNAndTracksCompleteRows() {
        AccuracyMatrix m = new AccuracyMatrix(List.of("a", "b"));
        assertTrue(Double.isNaN(m.get(0, 0)));
        assertEquals(0, m.completedRows());
        m.setRow(0, new double[] {1, 2});
        assertTrue(m.rowComplete(0));
        assertFalse(m.rowComplete(1));
        assertEquals(1, m.completedRows());
        m.set(1, 0, 3);
        assertEquals(1, m.completedRows());
        m.set(1, 1, 4);
        assertEquals(2, m.completedRows());
        assertEquals(3.5, ContinualMetrics.of(m, null).ap(), 1e-12);
    }
}
