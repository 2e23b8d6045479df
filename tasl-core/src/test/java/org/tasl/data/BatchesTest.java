package org.tasl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchesTest {
    private final List<Integer> rows = IntStream.range(0, 10).boxed().toList();

    @Test
    void inOrderBatchesWithASmallerLastOne() {
        assertEquals(List.of(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9)), Batches.inOrder(rows, 4));
        assertEquals(3, Batches.count(10, 4));
        assertThrows(IllegalArgumentException.class, () -> Batches.inOrder(rows, 0));
    }

    @Test
    void epochBatchesAreAPermutationFixedBySeedTaskAndEpoch() {
        List<List<Integer>> a = Batches.forEpoch(rows, 3, 42, 0, 0);
        assertEquals(a, Batches.forEpoch(rows, 3, 42, 0, 0));
        assertNotEquals(a, Batches.forEpoch(rows, 3, 42, 0, 1));
        assertNotEquals(a, Batches.forEpoch(rows, 3, 43, 0, 0));
        List<Integer> flat = new ArrayList<>();
        a.forEach(flat::addAll);
        assertEquals(rows, flat.stream().sorted().toList());
        assertEquals(IntStream.range(0, 10).boxed().toList(), rows, "input list unchanged");
    }
}
