package org.tasl.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AP and BWT after each row are TASL_SPEC §8's, over the tasks learnt so far. */
class MatrixViewTest {
    private final MatrixView m = new MatrixView(List.of("a", "b", "c"), List.of(
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

    @Test
    void aMissingCellLeavesTheNumbersUndefinedAsInTheRunsResults() {
        // a[1][0] was not computed: AP_1 and BWT_1 are undefined, not (0.9)/1 and "no pairs";
        // a[0][2] is a future task's cell and does not enter AP_0 or any BWT
        MatrixView gap = new MatrixView(List.of("a", "b", "c"), List.of(
                List.of(0.8, 0.1, 0.0),
                Arrays.asList(null, 0.9, 0.2),
                List.of(0.5, 0.7, 1.0)));
        assertEquals(0.8, gap.ap(0), 1e-12);
        assertNull(gap.ap(1));
        assertNull(gap.bwt(1));
        assertEquals((0.5 + 0.7 + 1.0) / 3, gap.ap(2), 1e-12);
        assertEquals(((0.5 - 0.8) + (0.7 - 0.9)) / 2, gap.bwt(2), 1e-12);
        assertEquals(Arrays.asList(0.8, null, (0.5 + 0.7 + 1.0) / 3), gap.toJson().get("ap"));
    }
}
