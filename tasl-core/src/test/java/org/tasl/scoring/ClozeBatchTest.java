package org.tasl.scoring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClozeBatchTest {
    // ids: pad 0, cls 101, sep 102, mask 103
    @Test
    void rowsAreClsPromptMasksSepPaddedToTheLongest() {
        ClozeBatch b = ClozeBatch.build(List.of(new int[] {5, 6}, new int[] {7}), new int[] {1, 2}, 101, 102, 103, 0, 128);
        assertEquals(5, b.length());
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(new long[] {101, 5, 6, 103, 102, 101, 7, 103, 103, 102}, b.ids(m).toLongArray());
            assertArrayEquals(new long[] {3, 7, 8}, b.maskPositions(m).toLongArray());
            assertNull(b.attentionMask(m));
        }
    }

    @Test
    void longPromptsKeepTheirEnd() {
        // budget 6 = [CLS] + 3 prompt tokens + 1 mask + [SEP]: prompt 1..5 keeps 3, 4, 5
        ClozeBatch b = ClozeBatch.build(List.of(new int[] {1, 2, 3, 4, 5}, new int[] {9}), new int[] {1, 1},
                101, 102, 103, 0, 6);
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(new long[] {101, 3, 4, 5, 103, 102, 101, 9, 103, 102, 0, 0}, b.ids(m).toLongArray());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, b.attentionMask(m).toLongArray());
        }
    }

    @Test
    void paddingToALongerLengthRebasesTheMaskPositions() {
        // rows of length 5 → 8: row 1's mask at flat 3 stays 3; row 2's masks at 7, 8 (= 5+2, 5+3) move to 10, 11
        ClozeBatch b = ClozeBatch.build(List.of(new int[] {5, 6}, new int[] {7}), new int[] {1, 2}, 101, 102, 103, 0, 128)
                .paddedTo(8, 0);
        assertEquals(8, b.length());
        try (NDManager m = NDManager.newBaseManager()) {
            assertArrayEquals(new long[] {101, 5, 6, 103, 102, 0, 0, 0, 101, 7, 103, 103, 102, 0, 0, 0},
                    b.ids(m).toLongArray());
            assertArrayEquals(new long[] {3, 10, 11}, b.maskPositions(m).toLongArray());
            assertArrayEquals(new long[] {1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0},
                    b.attentionMask(m).toLongArray());
        }
        assertThrows(IllegalArgumentException.class, () -> b.paddedTo(7, 0));
    }

    @Test
    void argmaxPicksTheFirstBest() {
        assertArrayEquals(new int[] {1, 0}, CandidateGroups.argmax(new float[][] {{-3, -1, -2}, {0, 0, -1}}));
    }
}
