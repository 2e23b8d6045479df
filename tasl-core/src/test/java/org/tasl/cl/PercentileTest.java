package org.tasl.cl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** TASL_SPEC §5.1: the threshold is a percentile with linear interpolation. */
class PercentileTest {

    @Test
    void interpolatesLinearlyBetweenClosestRanks() {
        // position 0.8·(5 − 1) = 3.2 between sorted[3] = 4 and sorted[4] = 5 → 4 + 0.2·1
        assertEquals(4.2, Percentile.linear(new double[] {5, 1, 4, 2, 3}, 0.8), 1e-12);
        // position 0.8·1 = 0.8 between 0 and 10 → 8
        assertEquals(8.0, Percentile.linear(new double[] {10, 0}, 0.8), 1e-12);
        assertEquals(7.0, Percentile.linear(new double[] {7}, 0.8), 0);
        assertEquals(0.0, Percentile.linear(new double[] {3, 0, 1}, 0), 0);
        assertEquals(3.0, Percentile.linear(new double[] {3, 0, 1}, 1), 0);
    }

    @Test
    void rejectsNoValuesAndQuantilesOutsideZeroOne() {
        assertThrows(IllegalArgumentException.class, () -> Percentile.linear(new double[0], 0.8));
        assertThrows(IllegalArgumentException.class, () -> Percentile.linear(new double[] {1}, 80));
    }
}
