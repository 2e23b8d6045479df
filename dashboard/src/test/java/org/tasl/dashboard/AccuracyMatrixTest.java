package org.tasl.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccuracyMatrixTest {
    private final AccuracyMatrix m = new AccuracyMatrix(List.of("a", "b", "c"), List.of(
            List.of(0.8, 0.1, 0.0),
            List.of(0.6, 0.9, 0.2),
            List.of(0.5, 0.7, 1.0)));

    @Test
    void averagePerformanceIsTheMeanOverTasksLearntSoFar() {
        assertEquals(0.8, m.ap(0), 1e-12);
        assertEquals((0.6 + 0.9) / 2, m.ap(1), 1e-12);
        assertEquals((0.5 + 0.7 + 1.0) / 3, m.ap(2), 1e-12);
    }

    @Test
    void backwardTransferComparesWithTheScoreRightAfterLearning() {
        assertNull(m.bwt(0));
        assertEquals(0.6 - 0.8, m.bwt(1), 1e-12);
        assertEquals(((0.5 - 0.8) + (0.7 - 0.9)) / 2, m.bwt(2), 1e-12);
    }
}
