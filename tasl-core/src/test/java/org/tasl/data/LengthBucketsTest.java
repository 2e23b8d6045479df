package org.tasl.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LengthBucketsTest {
    /** Token lengths of rows 0…6. */
    private final int[] lengths = {5, 30, 7, 30, 2, 7, 12};

    @Test
    void rowsAreBatchedLongestFirstAndEqualLengthsKeepTheirRowOrder() {
        // by length: 30 (row 1), 30 (row 3), 12 (6), 7 (2), 7 (5), 5 (0), 2 (4)
        List<int[]> batches = LengthBuckets.byLength(lengths, 3);
        assertEquals(3, batches.size());
        assertArrayEquals(new int[] {1, 3, 6}, batches.get(0));
        assertArrayEquals(new int[] {2, 5, 0}, batches.get(1));
        assertArrayEquals(new int[] {4}, batches.get(2));
    }

    @Test
    void bucketsPadLessThanConsecutiveRows() {
        // consecutive: max(5,30,7)·3 + max(30,2,7)·3 + 12·1 = 90 + 90 + 12 = 192
        assertEquals(192, LengthBuckets.paddedPositions(LengthBuckets.inRowOrder(7, 3), lengths));
        // buckets: 30·3 + 7·3 + 2·1 = 90 + 21 + 2 = 113
        assertEquals(113, LengthBuckets.paddedPositions(LengthBuckets.byLength(lengths, 3), lengths));
    }

    @Test
    void consecutiveBatchesAreTheRowOrderCut() {
        List<int[]> batches = LengthBuckets.inRowOrder(7, 3);
        assertArrayEquals(new int[] {0, 1, 2}, batches.get(0));
        assertArrayEquals(new int[] {3, 4, 5}, batches.get(1));
        assertArrayEquals(new int[] {6}, batches.get(2));
        assertEquals(List.of(), LengthBuckets.byLength(new int[0], 4));
    }

    @Test
    void aBatchSizeBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LengthBuckets.byLength(lengths, 0));
        assertEquals("batch size must be positive, was 0", e.getMessage());
    }
}
